using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Contracts.Common.V1;
using Credentials.Icao9303.Crypto;
using Credentials.TrustAnchor.Application;
using Credentials.Icao9303.Tests.PassiveAuthentication;

namespace Credentials.TrustAnchor.Tests;

public sealed class CertificateSummariesTests
{
    [Fact]
    public void Classify_CscaAndDsc_CscaAndDocumentSigner()
    {
        using var cscaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var dscKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cscaCertificate = MadeCsca(cscaKey);
        var dscRequest = new CertificateRequest("CN=Document Signer,O=Gouv,C=FR", dscKey, HashAlgorithmName.SHA256);
        dscRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using var dscCertificate = dscRequest.Create(cscaCertificate, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), [0x01, 0x23]);
        var csca = X509CertificateParts.Decode(cscaCertificate.RawData);
        var dsc = X509CertificateParts.Decode(dscCertificate.RawData);

        Assert.Equal(CertificateKind.Csca, CertificateSummaries.Classify(csca));
        Assert.Equal(CertificateKind.DocumentSigner, CertificateSummaries.Classify(dsc));
    }

    [Fact]
    public void Summarize_BrainpoolDsc_FieldsFromDer()
    {
        using var passport = TestPassport.Create(TestPassportKey.EcBrainpoolP384);
        var der = passport.Dsc;
        var summary = CertificateSummaries.Summarize(X509CertificateParts.Decode(der), CertificateKind.DocumentSigner, CertificateStatus.Valid);

        Assert.Equal(CertificateSummaries.Fingerprint(der), summary.FingerprintSha256);
        Assert.Equal("UT", summary.Country);
        Assert.Equal(KeyAlgorithm.BrainpoolP384R1, summary.KeyAlgorithm);
        Assert.NotEmpty(summary.AuthorityKeyIdentifier);
    }

    [Fact]
    public void Summarize_Crl_IssuerKeyIsAki()
    {
        using var cscaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var csca = MadeCsca(cscaKey);
        var builder = new CertificateRevocationListBuilder();
        builder.AddEntry(new byte[] { 0x11, 0x22 }, DateTimeOffset.UtcNow.AddDays(-2));
        builder.AddEntry(new byte[] { 0x33 }, DateTimeOffset.UtcNow.AddDays(-1));
        var crl = Credentials.Icao9303.Crl.CertificateRevocationList.Decode(builder.Build(csca, 11, DateTimeOffset.UtcNow.AddDays(30), HashAlgorithmName.SHA256));
        var summary = CertificateSummaries.Summarize(crl);

        Assert.Equal("DE", summary.Country);
        Assert.Equal(Convert.ToHexStringLower(summary.AuthorityKeyIdentifier.Span), CertificateSummaries.IssuerKey(crl));
        Assert.Equal(crl.RevokedCertificates.Count, summary.RevokedCount);
    }

    /// <summary>A self-signed CSCA of Germany made at test time (CA, keyCertSign and cRLSign, SKI).</summary>
    private static X509Certificate2 MadeCsca(ECDsa key)
    {
        var request = new CertificateRequest("CN=csca-germany,OU=bsi,O=bund,C=DE", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
    }
}
