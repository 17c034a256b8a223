using Credentials.Testing;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Sod;

namespace Credentials.IntegrationTests.TrustAnchor;

/// <summary>The real-world SOD sets and trust material of the ICAO corpus (tests/Shared/IcaoVectors.cs; skips when absent).</summary>
internal static class TrustVectors
{
    /// <summary>Real-country sets whose DSC chains to the CSCA.cer shipped with the set (offline verdict VALID_WITH_WARNINGS, CRL missing).</summary>
    public static readonly string[] WithCsca =
    [
        "gmrtd-pa-AT", "gmrtd-pa-AU", "gmrtd-pa-CN", "gmrtd-pa-DE", "gmrtd-pa-FI", "gmrtd-pa-FR", "gmrtd-pa-ID",
        "gmrtd-pa-MY", "gmrtd-pa-NZ", "gmrtd-pa-PH", "gmrtd-pa-RU", "gmrtd-pa-SG", "gmrtd-pa-UK", "gmrtd-pa-US",
        "gmrtd-uk-full", "pymrtd-etsi-eacaa", "zeropass-si-454CB206",
    ];

    /// <summary>Sets whose issuing CSCA is not among the vectors.</summary>
    public static readonly string[] WithoutCsca = ["jmrtd-bsi2008-mustermann", "jmrtd-loes2006-nl", "jmrtd-nz2013", "pymrtd-bsi-tr03105-5"];

    public static string Root() => IcaoVectors.RequireRoot();

    public static string Set(string set) => IcaoVectors.PathOf("sod", set);

    /// <summary>The data group files of a set that its SOD lists.</summary>
    public static Dictionary<int, byte[]> ListedDataGroups(string set)
    {
        var sod = EfSod.Decode(File.ReadAllBytes(Path.Combine(Set(set), "EF.SOD.bin")));
        var result = new Dictionary<int, byte[]>();
        foreach (var hash in sod.SecurityObject.DataGroupHashes)
        {
            var path = Path.Combine(Set(set), $"EF.DG{hash.DataGroupNumber}.bin");
            if (File.Exists(path))
            {
                result[hash.DataGroupNumber] = File.ReadAllBytes(path);
            }
        }

        return result;
    }

    /// <summary>The middle of the DSC validity: a time at which the real document was valid.</summary>
    public static DateTimeOffset InsideDscValidity(string set)
    {
        var dsc = X509CertificateParts.Decode(File.ReadAllBytes(Path.Combine(Set(set), "DSC.cer")));
        return dsc.NotBefore + ((dsc.NotAfter - dsc.NotBefore) / 2);
    }
}
