using Credentials.Contracts.DocumentSigner.V1;

namespace Credentials.DocumentSigner.Application;

/// <summary>
/// The key-lifecycle rules, pure so they can be tested alone (Doc 9303 Part 12 §5: a Document Signer key signs only
/// within its private key usage period; its certificate stays valid for the documents' lifetime).
/// </summary>
internal static class SignerKeySelector
{
    /// <summary>
    /// The key that signs a new <paramref name="kind"/> object (EF.SOD or seal) of <paramref name="documentType"/> at
    /// <paramref name="now"/>: among ACTIVE keys of that kind covering the type and inside their usage period, the one
    /// activated last (ties: the later usage end, then key id). A key of the other kind is never chosen.
    /// </summary>
    public static SignerKeyRecord? SelectActive(IEnumerable<SignerKeyRecord> keys, SignerKeyKind kind, string documentType, DateTimeOffset now) =>
        keys.Where(k => k.CanSign(kind, documentType, now))
            .OrderByDescending(k => k.ActivatedAt ?? k.CreatedAt)
            .ThenByDescending(k => k.PrivateKeyUsageNotAfter)
            .ThenByDescending(k => k.KeyId, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>ACTIVE or PENDING keys whose private key usage period has ended: they must be RETIRED.</summary>
    public static IReadOnlyList<SignerKeyRecord> DueForRetirement(IEnumerable<SignerKeyRecord> keys, DateTimeOffset now) =>
        keys.Where(k => k.State is SignerKeyState.Active or SignerKeyState.Pending && now >= k.PrivateKeyUsageNotAfter).ToList();

    /// <summary>
    /// What the usable ACTIVE keys cover at <paramref name="now"/>: (kind, document type) pairs, so that a seal-signer key
    /// for "V" never stands in for a Document Signer key for "V" and the other way round.
    /// </summary>
    public static HashSet<(SignerKeyKind Kind, string DocumentType)> Covered(IEnumerable<SignerKeyRecord> keys, DateTimeOffset now) =>
        keys.Where(k => k.State == SignerKeyState.Active && now < k.PrivateKeyUsageNotAfter)
            .SelectMany(k => k.DocumentTypes.Select(t => (k.Kind, t)))
            .ToHashSet();

    /// <summary>
    /// PENDING keys (still inside their usage period) to activate because some (kind, document type) they cover has no
    /// usable ACTIVE key once <paramref name="retiring"/> are gone: for each such pair the oldest pending key covering it.
    /// </summary>
    public static IReadOnlyList<SignerKeyRecord> DueForActivation(IEnumerable<SignerKeyRecord> keys, IReadOnlyCollection<SignerKeyRecord> retiring, DateTimeOffset now)
    {
        var all = keys.ToList();
        var retiringIds = retiring.Select(k => k.KeyId).ToHashSet(StringComparer.Ordinal);
        var usable = all.Where(k => !retiringIds.Contains(k.KeyId)).ToList();
        var covered = Covered(usable, now);
        var pending = usable.Where(k => k.State == SignerKeyState.Pending && now < k.PrivateKeyUsageNotAfter)
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
}
