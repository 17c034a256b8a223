namespace Credentials.SignerKeys;

/// <summary>
/// The key-lifecycle rules, pure so they can be tested alone (Doc 9303 Part 12 §5: a signer key signs only within its
/// private key usage period; its certificate stays valid for the documents' lifetime). One place for every signer kind.
/// </summary>
public static class SignerKeySelector
{
    /// <summary>
    /// The key that signs a new <paramref name="kind"/> object of <paramref name="documentType"/> at <paramref name="now"/>:
    /// among ACTIVE keys of that kind covering the type and inside their usage period, the one activated last (ties: the
    /// later usage end, then key id). A key of another kind is never chosen.
    /// </summary>
    public static SignerKeyRecord? SelectActive(IEnumerable<SignerKeyRecord> keys, SignerKeyKind kind, string documentType, DateTimeOffset now) =>
        keys.Where(k => k.CanSign(kind, documentType, now))
            .OrderByDescending(k => k.ActivatedAt ?? k.CreatedAt)
            .ThenByDescending(k => k.PrivateKeyUsageNotAfter)
            .ThenByDescending(k => k.KeyId, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>ACTIVE or PENDING keys whose private key usage period has ended: they must be RETIRED.</summary>
    public static IReadOnlyList<SignerKeyRecord> DueForRetirement(IEnumerable<SignerKeyRecord> keys, DateTimeOffset now) =>
        keys.Where(k => k.Status is SignerKeyStatus.Active or SignerKeyStatus.Pending && now >= k.PrivateKeyUsageNotAfter).ToList();

    /// <summary>
    /// What the usable ACTIVE keys cover at <paramref name="now"/>: (kind, document type) pairs, so that a seal-signer key
    /// for "V" never stands in for a Document Signer key for "V" and the other way round.
    /// </summary>
    public static HashSet<(SignerKeyKind Kind, string DocumentType)> Covered(IEnumerable<SignerKeyRecord> keys, DateTimeOffset now) =>
        keys.Where(k => k.Status == SignerKeyStatus.Active && now < k.PrivateKeyUsageNotAfter)
            .SelectMany(k => k.DocumentTypes.Select(t => (k.Kind, t)))
            .ToHashSet();

    /// <summary>
    /// PENDING keys (still inside their usage period) to activate because some (kind, document type) they cover has no
    /// usable ACTIVE key once <paramref name="retiring"/> are gone: for each such pair the oldest pending key covering it.
    /// </summary>
    public static IReadOnlyList<SignerKeyRecord> DueForActivation(IEnumerable<SignerKeyRecord> keys, IReadOnlyCollection<SignerKeyRecord> retiring, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(retiring);
        var all = keys.ToList();
        var retiringIds = retiring.Select(k => k.KeyId).ToHashSet(StringComparer.Ordinal);
        var usable = all.Where(k => !retiringIds.Contains(k.KeyId)).ToList();
        var covered = Covered(usable, now);
        var pending = usable.Where(k => k.Status == SignerKeyStatus.Pending && now < k.PrivateKeyUsageNotAfter)
            .OrderBy(k => k.CreatedAt)
            .ThenBy(k => k.KeyId, StringComparer.Ordinal)
            .ToList();
        var chosen = new List<SignerKeyRecord>();
        foreach (var key in pending)
        {
            if (key.DocumentTypes.Any(t => !covered.Contains((key.Kind, t))))
            {
                chosen.Add(key);
                covered.UnionWith(key.DocumentTypes.Select(t => (key.Kind, t)));
            }
        }

        return chosen;
    }

    /// <summary>The lifecycle step at <paramref name="now"/>: retire what is past its usage period, then activate what is needed.</summary>
    public static IReadOnlyList<SignerKeyTransition> Lifecycle(IReadOnlyList<SignerKeyRecord> keys, DateTimeOffset now)
    {
        var retiring = DueForRetirement(keys, now);
        var activating = DueForActivation(keys, retiring, now);
        return retiring.Select(k => new SignerKeyTransition(k.KeyId, SignerKeyStatus.Retired, now, "private key usage period ended"))
            .Concat(activating.Select(k => new SignerKeyTransition(k.KeyId, SignerKeyStatus.Active, now, string.Empty)))
            .ToList();
    }
}
