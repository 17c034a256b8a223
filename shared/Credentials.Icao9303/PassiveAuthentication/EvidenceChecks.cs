using System.Security.Cryptography;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Lds.DataGroups;
using Credentials.Icao9303.Mrz;
using Credentials.Icao9303.Sod;

namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>
/// The evidence checks of Passive Authentication (Doc 9303 Part 11 §5.1 steps 3-4): every presented data group hashes
/// to its value in the SOD, DG1 was presented (without it nothing identifies the holder: the verdict cannot be VALID),
/// and DG1 equals the printed MRZ when one was read. Data groups listed in the SOD but not presented stay SKIP: terminals
/// legitimately do not read EAC-protected groups (DG3, DG4).
/// </summary>
internal static class EvidenceChecks
{
    private const int MaxStackDataGroups = 32;

    // Immutable: check names of DG0..DG16, shared by every result.
    private static readonly string[] DataGroupCheckNames = Enumerable.Range(0, 17).Select(n => $"dg{n}.hash").ToArray();

    // Immutable: the "dg.hash-match" pass of DG1..DG16 per supported digest (index DigestAlgorithms.IndexOf), and the
    // "dg.not-presented" skip of DG1..DG16; the same entries for every document.
    private static readonly PassiveAuthenticationCheck[][] HashMatches = BuildHashMatches();
    private static readonly PassiveAuthenticationCheck[] NotPresented = Enumerable.Range(0, 17)
        .Select(n => new PassiveAuthenticationCheck(DataGroupCheckNames[n], CheckStatus.Skip, "dg.not-presented", $"DG{n} is listed in the SOD but was not presented."))
        .ToArray();

    private static readonly PassiveAuthenticationCheck Dg1Presented = new("evidence.dg1", CheckStatus.Pass, "evidence.dg1-presented", "DG1 was presented.");

    public static void AddDataGroupChecks(List<PassiveAuthenticationCheck> checks, LdsSecurityObject lso, IReadOnlyDictionary<int, ReadOnlyMemory<byte>> dataGroups)
    {
        var numbers = dataGroups.Count <= MaxStackDataGroups ? stackalloc int[dataGroups.Count] : new int[dataGroups.Count];
        var n = 0;
        foreach (var number in dataGroups.Keys)
        {
            numbers[n++] = number;
        }

        numbers.Sort();
        var digestIndex = DigestAlgorithms.IndexOf(lso.HashAlgorithmOid);
        var hashName = DigestAlgorithms.GetName(lso.HashAlgorithmOid);
        Span<byte> actual = stackalloc byte[DigestAlgorithms.MaxLength];
        foreach (var number in numbers)
        {
            var name = number is >= 0 and <= 16 ? DataGroupCheckNames[number] : $"dg{number}.hash";
            var listed = lso.Find(number);
            if (listed is null)
            {
                checks.Add(new(name, CheckStatus.Fail, "dg.not-in-sod", $"DG{number} was presented but the SOD lists no hash for it."));
                continue;
            }

            var length = DigestAlgorithms.Compute(lso.HashAlgorithmOid, dataGroups[number].Span, actual);
            checks.Add(CryptographicOperations.FixedTimeEquals(actual[..length], listed.HashValue.Span)
                ? digestIndex >= 0 && number is >= 1 and <= 16
                    ? HashMatches[digestIndex][number]
                    : new(name, CheckStatus.Pass, "dg.hash-match", $"DG{number} {hashName} matches the SOD.")
                : new(name, CheckStatus.Fail, "dg.hash-mismatch", $"DG{number} does not match its hash in the SOD."));
        }

        var hashes = lso.DataGroupHashes;
        for (var i = 0; i < hashes.Count; i++)
        {
            var listed = hashes[i].DataGroupNumber;
            if (!dataGroups.ContainsKey(listed))
            {
                checks.Add(NotPresented[listed]);
            }
        }
    }

    private static PassiveAuthenticationCheck[][] BuildHashMatches()
    {
        string[] digests = [Oids.Sha1, Oids.Sha224, Oids.Sha256, Oids.Sha384, Oids.Sha512];
        var table = new PassiveAuthenticationCheck[DigestAlgorithms.SupportedCount][];
        foreach (var oid in digests)
        {
            var hashName = DigestAlgorithms.GetName(oid);
            table[DigestAlgorithms.IndexOf(oid)] = Enumerable.Range(0, 17)
                .Select(n => new PassiveAuthenticationCheck(DataGroupCheckNames[n], CheckStatus.Pass, "dg.hash-match", $"DG{n} {hashName} matches the SOD."))
                .ToArray();
        }

        return table;
    }

    /// <summary>Evidence completeness: VALID means "this holder's data, signed by the State" — DG1 (the MRZ) must be there.</summary>
    public static void AddCompletenessCheck(List<PassiveAuthenticationCheck> checks, IReadOnlyDictionary<int, ReadOnlyMemory<byte>> dataGroups)
    {
        if (dataGroups.Count == 0)
        {
            checks.Add(new("evidence.dg1", CheckStatus.Skip, "evidence.no-data-groups",
                "No data group was presented: the SOD is genuine but nothing of the document was shown to match it.", Indeterminate: true));
        }
        else if (!dataGroups.ContainsKey(1))
        {
            checks.Add(new("evidence.dg1", CheckStatus.Skip, "evidence.dg1-not-presented",
                "DG1 (the MRZ) was not presented: the data presented cannot be tied to a holder.", Indeterminate: true));
        }
        else
        {
            checks.Add(Dg1Presented);
        }
    }

    public static void AddMrzCheck(List<PassiveAuthenticationCheck> checks, PassiveAuthenticationRequest request)
    {
        if (request.PrintedMrz is not { } printed)
        {
            return;
        }

        if (!request.DataGroups.TryGetValue(1, out var dg1File))
        {
            checks.Add(new("mrz.dg1", CheckStatus.Skip, "mrz.dg1-not-presented", "A printed MRZ was given but DG1 was not presented: they cannot be compared.", Indeterminate: true));
            return;
        }

        try
        {
            var printedMrz = MachineReadableZone.Parse(printed);
            var chip = DataGroup1.Decode(dg1File);
            checks.Add(string.Equals(printedMrz.Text, chip.Mrz.Text, StringComparison.Ordinal)
                ? new("mrz.dg1", CheckStatus.Pass, "mrz.dg1-match", "DG1 equals the printed MRZ.")
                : new("mrz.dg1", CheckStatus.Fail, "mrz.dg1-mismatch", "DG1 differs from the printed MRZ."));
        }
        catch (Icao9303FormatException ex)
        {
            checks.Add(new("mrz.dg1", CheckStatus.Fail, ex.Reason, ex.Message));
        }
    }
}
