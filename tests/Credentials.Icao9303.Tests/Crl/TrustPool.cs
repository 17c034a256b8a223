using Credentials.Icao9303.Cms;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Pkd;

namespace Credentials.Icao9303.Tests.Crl;

/// <summary>Every CSCA available in the vectors: the six Master Lists plus csca/*/*.cer|der (decoded once per run).</summary>
internal static class TrustPool
{
    private static readonly Lazy<IReadOnlyList<X509CertificateParts>> LazyAll = new(Load);

    public static IReadOnlyList<X509CertificateParts> All => LazyAll.Value;

    private static IReadOnlyList<X509CertificateParts> Load()
    {
        var root = TestVectors.RequireRoot();
        var result = new List<X509CertificateParts>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "master-lists")).Order(StringComparer.Ordinal))
        {
            var cms = CmsSignedData.Decode(File.ReadAllBytes(file));
            result.AddRange(CscaMasterList.Decode(cms.EContent!.Value).Certificates);
        }

        foreach (var dir in new[] { "gmrtd", "zeropass", "zienit" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "csca", dir)).Order(StringComparer.Ordinal))
            {
                result.Add(X509CertificateParts.Decode(File.ReadAllBytes(file)));
            }
        }

        return result;
    }
}
