using Credentials.Contracts.Common.V1;
using Credentials.Icao9303.Crypto;
using Credentials.TrustAnchor.Application;

namespace Credentials.TrustAnchor.Tests;

public sealed class CertificateSummariesTests
{
    [Fact]
    public void Classify_RealCscaAndDsc_CscaAndDocumentSigner()
    {
        var csca = X509CertificateParts.Decode(TestVectors.Read("sod", "gmrtd-pa-FR", "CSCA.cer"));
        var dsc = X509CertificateParts.Decode(TestVectors.Read("sod", "gmrtd-pa-FR", "DSC.cer"));

        Assert.Equal(CertificateKind.Csca, CertificateSummaries.Classify(csca));
        Assert.Equal(CertificateKind.DocumentSigner, CertificateSummaries.Classify(dsc));
    }

    [Fact]
    public void Summarize_RealDsc_FieldsFromDer()
    {
        var der = TestVectors.Read("sod", "gmrtd-pa-DE", "DSC.cer");
        var summary = CertificateSummaries.Summarize(X509CertificateParts.Decode(der), CertificateKind.DocumentSigner, CertificateStatus.Valid);

        Assert.Equal(CertificateSummaries.Fingerprint(der), summary.FingerprintSha256);
        Assert.Equal("DE", summary.Country);
        Assert.Equal(KeyAlgorithm.BrainpoolP384R1, summary.KeyAlgorithm);
        Assert.NotEmpty(summary.AuthorityKeyIdentifier);
    }

    [Fact]
    public void Summarize_RealCrl_IssuerKeyIsAki()
    {
        var crl = Credentials.Icao9303.Crl.CertificateRevocationList.Decode(TestVectors.Read("crl", "zeropass", "crl_de_fp_e421c6cf21.crl"));
        var summary = CertificateSummaries.Summarize(crl);

        Assert.Equal("DE", summary.Country);
        Assert.Equal(Convert.ToHexStringLower(summary.AuthorityKeyIdentifier.Span), CertificateSummaries.IssuerKey(crl));
        Assert.Equal(crl.RevokedCertificates.Count, summary.RevokedCount);
    }
}
