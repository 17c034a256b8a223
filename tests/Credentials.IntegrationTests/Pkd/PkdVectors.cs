using System.Security.Cryptography;
using Credentials.Icao9303.Pkd;
using Credentials.Testing;

namespace Credentials.IntegrationTests.Pkd;

/// <summary>
/// The real DE and NL Master Lists and the real CRLs of ../shared/icao-vectors (referenced by path, never copied into
/// the repository), and what SOURCES.md says about them, computed independently of the service.
/// </summary>
internal static class PkdVectors
{
    /// <summary>Inner CSCA counts per list as recorded in SOURCES.md §1.</summary>
    public static readonly IReadOnlyDictionary<string, int> SourcesMdCounts = new Dictionary<string, int>
    {
        ["DE_ML_2024-08-07-07-38-24.ml"] = 541,
        ["DE_ML_2025-08-14-07-41-09.ml"] = 571,
        ["DE_ML_2026-05-28-08-28-45.ml"] = 588,
        ["NL_MASTERLIST_20211207.mls"] = 306,
        ["NL_ML_2025-07-29.ml"] = 394,
        ["NL_ML_2026-07-22.ml"] = 411,
    };

    public static string Root => IcaoVectors.RequireRoot();

    public static string MasterLists => IcaoVectors.PathOf("master-lists");

    public static string Crls => IcaoVectors.PathOf("crl");

    /// <summary>Fingerprints of the CSCAs that issued each list's Master List Signer (the pins of the test sources).</summary>
    public static IReadOnlyList<string> SignerIssuerPins() => Directory.GetFiles(MasterLists)
        .Select(f => SignedListVerifier.VerifyMasterList(File.ReadAllBytes(f)).IssuerCertificate!)
        .Select(c => Convert.ToHexStringLower(SHA256.HashData(c.Encoded.Span)))
        .Distinct()
        .ToList();

    /// <summary>The de-duplicated union of the inner certificates, and the distinct signers, checked against SOURCES.md.</summary>
    public static (HashSet<string> Inner, HashSet<string> Signers) ExpectedCertificates()
    {
        var inner = new HashSet<string>(StringComparer.Ordinal);
        var signers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(MasterLists).Order(StringComparer.Ordinal))
        {
            var result = SignedListVerifier.VerifyMasterList(File.ReadAllBytes(file));
            Assert.True(result.IsValid, Path.GetFileName(file));
            Assert.Equal(SourcesMdCounts[Path.GetFileName(file)], result.MasterList!.Certificates.Count);
            inner.UnionWith(result.MasterList.Certificates.Select(c => Convert.ToHexStringLower(SHA256.HashData(c.Encoded.Span))));
            signers.Add(Convert.ToHexStringLower(SHA256.HashData(result.SignerCertificate!.Encoded.Span)));
        }

        return (inner, signers);
    }

    /// <summary>Source configuration: the Master Lists folder (pinned issuers) and the CRL folder.</summary>
    public static Dictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string>
        {
            ["Pkd:Sources:0:Name"] = "masterlists",
            ["Pkd:Sources:0:Kind"] = "Directory",
            ["Pkd:Sources:0:Type"] = "MasterList",
            ["Pkd:Sources:0:Location"] = MasterLists,
            ["Pkd:Sources:1:Name"] = "crls",
            ["Pkd:Sources:1:Kind"] = "Directory",
            ["Pkd:Sources:1:Type"] = "Crl",
            ["Pkd:Sources:1:Location"] = Crls,
        };
        var pins = SignerIssuerPins();
        for (var i = 0; i < pins.Count; i++)
        {
            settings[$"Pkd:Sources:0:TrustedMasterListSigners:{i}"] = pins[i];
        }

        return settings;
    }
}
