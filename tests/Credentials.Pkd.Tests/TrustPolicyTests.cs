using System.Security.Cryptography;
using Credentials.Icao9303.Pkd;
using Credentials.Icao9303.Tests.Pkd;
using Credentials.Pkd.Application;

namespace Credentials.Pkd.Tests;

/// <summary>Pinned trust for Master Lists (pkd sources): lists and CSCAs made at test time.</summary>
public sealed class TrustPolicyTests
{
    [Fact]
    public void VerifyMasterList_IssuingCscaPinned_IsAccepted()
    {
        var (content, csca) = MadeList(foreignCount: 5);
        var policy = new TrustPolicy([TrustPolicy.Fingerprint(csca)], []);

        var result = ArtifactParser.VerifyMasterList(content, policy, out var accepted);

        Assert.True(accepted);
        Assert.True(result.IsValid);
        Assert.Equal(6, result.MasterList!.Certificates.Count);
    }

    [Fact]
    public void VerifyMasterList_OtherStatePinned_IsRejected()
    {
        var (_, pinned) = MadeList(foreignCount: 0);
        var (other, _) = MadeList(foreignCount: 1);
        var policy = new TrustPolicy([TrustPolicy.Fingerprint(pinned)], []);

        ArtifactParser.VerifyMasterList(other, policy, out var accepted);

        Assert.False(accepted);
    }

    [Fact]
    public void VerifyMasterList_NothingPinned_IsRejected()
    {
        var (content, _) = MadeList(foreignCount: 1);
        var policy = new TrustPolicy([], []);

        var result = ArtifactParser.VerifyMasterList(content, policy, out var accepted);

        Assert.False(accepted);
        Assert.True(result.IsValid);
        Assert.True(policy.IsEmpty);
    }

    [Fact]
    public void Load_PinnedCertificateFile_IsTrustAnchorAndFingerprint()
    {
        var (content, csca) = MadeList(foreignCount: 2);
        var path = Path.Combine(Directory.CreateTempSubdirectory("pkd-pin-").FullName, "csca.cer");
        File.WriteAllBytes(path, csca);
        var policy = TrustPolicy.Load([path], "/");

        ArtifactParser.VerifyMasterList(content, policy, out var accepted);

        Assert.Single(policy.Anchors);
        Assert.Contains(TrustPolicy.Fingerprint(csca), policy.Fingerprints);
        Assert.True(accepted);
    }

    [Fact]
    public void ReadCertificates_PemBundle_ReturnsEveryCertificate()
    {
        var nl = MadeCsca("CN=CSCA NL,O=Kingdom of the Netherlands,C=NL");
        var de = MadeCsca("CN=csca-germany,OU=bsi,O=bund,C=DE");
        var pem = string.Concat(PemEncoding.Write("CERTIFICATE", nl), "\n", PemEncoding.Write("CERTIFICATE", de), "\n");

        var certificates = TrustPolicy.ReadCertificates(System.Text.Encoding.ASCII.GetBytes(pem));

        Assert.Equal(2, certificates.Count);
        Assert.Equal(nl, certificates[0]);
        Assert.Equal(de, certificates[1]);
    }

    [Fact]
    public void ReadCertificates_BundleWithMalformedCertificate_Throws()
    {
        // A bundle with one certificate our strict decoder refuses (one byte short): a pin file must be clean.
        var good = MadeCsca("CN=CSCA NL,O=Kingdom of the Netherlands,C=NL");
        var pem = string.Concat(PemEncoding.Write("CERTIFICATE", good), "\n", PemEncoding.Write("CERTIFICATE", good.AsSpan(0, good.Length - 1)), "\n");
        Assert.Throws<Credentials.Icao9303.Icao9303FormatException>(() => TrustPolicy.ReadCertificates(System.Text.Encoding.ASCII.GetBytes(pem)));
    }

    [Fact]
    public void ReadCertificates_NoCertificate_Throws()
    {
        Assert.Throws<Credentials.Icao9303.Icao9303FormatException>(() => TrustPolicy.ReadCertificates("hello"u8.ToArray()));
    }

    /// <summary>A Master List made at test time and the CSCA (DER) that issued its signer.</summary>
    private static (byte[] List, byte[] Csca) MadeList(int foreignCount)
    {
        var der = TestMasterList.Csca("CN=Utopia CSCA,O=Utopia,C=UT", out var key);
        using (key)
        {
            using var csca = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(der);
            return (TestMasterList.Create(csca, key, foreignCount), der);
        }
    }

    /// <summary>A self-signed CSCA certificate made at test time, as DER.</summary>
    private static byte[] MadeCsca(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, true, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        return certificate.RawData;
    }
}
