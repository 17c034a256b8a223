using System.Security.Cryptography;
using Credentials.Icao9303.Pkd;
using Credentials.Pkd.Application;

namespace Credentials.Pkd.Tests;

public sealed class TrustPolicyTests
{
    private const string DeList = "master-lists/DE_ML_2025-08-14-07-41-09.ml";
    private const string NlList = "master-lists/NL_ML_2025-07-29.ml";

    [Fact]
    public void VerifyMasterList_IssuingCscaPinned_IsAccepted()
    {
        var content = Vectors.Read(DeList);
        var issuer = SignedListVerifier.VerifyMasterList(content).IssuerCertificate!;
        var policy = new TrustPolicy([TrustPolicy.Fingerprint(issuer.Encoded.Span)], []);

        var result = ArtifactParser.VerifyMasterList(content, policy, out var accepted);

        Assert.True(accepted);
        Assert.True(result.IsValid);
        Assert.Equal(571, result.MasterList!.Certificates.Count);
    }

    [Fact]
    public void VerifyMasterList_OtherStatePinned_IsRejected()
    {
        var de = SignedListVerifier.VerifyMasterList(Vectors.Read(DeList)).IssuerCertificate!;
        var policy = new TrustPolicy([TrustPolicy.Fingerprint(de.Encoded.Span)], []);

        ArtifactParser.VerifyMasterList(Vectors.Read(NlList), policy, out var accepted);

        Assert.False(accepted);
    }

    [Fact]
    public void VerifyMasterList_NothingPinned_IsRejected()
    {
        var policy = new TrustPolicy([], []);

        var result = ArtifactParser.VerifyMasterList(Vectors.Read(DeList), policy, out var accepted);

        Assert.False(accepted);
        Assert.True(result.IsValid);
        Assert.True(policy.IsEmpty);
    }

    [Fact]
    public void Load_PinnedCertificateFile_IsTrustAnchorAndFingerprint()
    {
        // NL_ROOT_CA.cer is the CSCA (serial 26fe53b) that issued the Master List Signer of the 2025 and 2026 NL lists.
        var path = Path.Combine(Vectors.Root, "csca/gmrtd/NL_ROOT_CA.cer");
        var policy = TrustPolicy.Load([path], "/");

        ArtifactParser.VerifyMasterList(Vectors.Read(NlList), policy, out var accepted);

        Assert.Single(policy.Anchors);
        Assert.Contains(TrustPolicy.Fingerprint(File.ReadAllBytes(path)), policy.Fingerprints);
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
        // The NFCPassportReader bundle holds one certificate our strict decoder refuses: a pin file must be clean.
        Assert.Throws<Credentials.Icao9303.Icao9303FormatException>(() => TrustPolicy.ReadCertificates(Vectors.Read("csca/bundles/NFCPassportReader_masterList.pem")));
    }

    [Fact]
    public void ReadCertificates_NoCertificate_Throws()
    {
        Assert.Throws<Credentials.Icao9303.Icao9303FormatException>(() => TrustPolicy.ReadCertificates("hello"u8.ToArray()));
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
