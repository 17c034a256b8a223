using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Issuance;
using Credentials.Icao9303.X509;

namespace Credentials.Icao9303.Tests.Issuance;

public sealed class SignerCertificateIssuerTests
{
    [Theory]
    [MemberData(nameof(CscaCertificateIssuerTests.Algorithms), MemberType = typeof(CscaCertificateIssuerTests))]
    public async Task IssueAsync_DocumentSignerUnderEachCscaAlgorithm_VerifiesWithOpenSslAndLintsClean(string algorithm)
    {
        using var openssl = OpenSsl.Create();
        using var csca = CscaCertificateIssuerTests.SignerFor(algorithm);
        var cscaDer = await IssuanceFixtures.SelfSignedAsync(csca);
        using var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = IssuanceFixtures.CreateCsr("C=NL, O=Ministry of the Interior, CN=Document Signer 1", dsKey);

        var der = await IssueAsync(csr, SignerCertificateKind.DocumentSigner, cscaDer, csca, "P", "ID");

        openssl.AssertVerifies(cscaDer, der, "ds");
        IssuanceFixtures.AssertLintsClean(der, CertificateProfile.DocumentSigner);
        Assert.True(SignatureVerifier.VerifyCertificateSignature(der, csca.SubjectPublicKeyInfo));
    }

    [Fact]
    public async Task IssueAsync_DocumentSigner_HasTheDocumentSignerProfile()
    {
        using var csca = SoftwareCertificateSigner.P256();
        var cscaDer = await IssuanceFixtures.SelfSignedAsync(csca);
        using var dsKey = RSA.Create(3072);
        var csr = IssuanceFixtures.CreateCsr("CN=DS 2, O=Ministry of the Interior, C=nl", dsKey);

        var der = await IssueAsync(csr, SignerCertificateKind.DocumentSigner, cscaDer, csca, "P");

        using var certificate = X509CertificateLoader.LoadCertificate(der);
        using var cscaCertificate = X509CertificateLoader.LoadCertificate(cscaDer);
        Assert.True(certificate.IssuerName.RawData.AsSpan().SequenceEqual(cscaCertificate.SubjectName.RawData));
        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.True(keyUsage.Critical);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, keyUsage.KeyUsages);
        Assert.Empty(certificate.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.Empty(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        var aki = certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single();
        var cscaSki = cscaCertificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
        Assert.True(aki.KeyIdentifier!.Value.Span.SequenceEqual(cscaSki.SubjectKeyIdentifierBytes.Span));
        Assert.Single(certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>());
        var docTypes = DocumentTypeList.Decode(certificate.Extensions[DocumentTypeList.Oid]!.RawData);
        Assert.Equal(["P"], docTypes.DocumentTypes);
        Assert.Empty(docTypes.Deviations);
        var pkup = PrivateKeyUsagePeriod.Decode(certificate.Extensions[PrivateKeyUsagePeriod.Oid]!.RawData);
        Assert.Equal(IssuanceFixtures.Now.AddMonths(3), pkup.NotAfter);
        // The request's RDN order is kept; its "nl" becomes the CSCA's "NL" in place.
        var requestSubject = System.Security.Cryptography.X509Certificates.CertificateRequest.LoadSigningRequest(
            csr, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.SkipSignatureValidation).SubjectName;
        Assert.Equal(CscaCertificateIssuerTests.RdnTypes(requestSubject.RawData), CscaCertificateIssuerTests.RdnTypes(certificate.SubjectName.RawData));
        Assert.Contains("C=nl", requestSubject.Name, StringComparison.Ordinal);
        Assert.Contains("C=NL", certificate.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssueAsync_RequestWithoutCountry_GetsTheCscaCountryFirst()
    {
        using var csca = SoftwareCertificateSigner.P256();
        var cscaDer = await IssuanceFixtures.SelfSignedAsync(csca);
        using var key = ECDsa.Create(ECCurve.CreateFromValue("1.3.36.3.3.2.8.1.1.7"));
        var csr = IssuanceFixtures.CreateCsr("CN=DTC Signer 1", key);

        var der = await IssueAsync(csr, SignerCertificateKind.DtcSigner, cscaDer, csca, "V");

        using var certificate = X509CertificateLoader.LoadCertificate(der);
        Assert.Equal(["2.5.4.6", "2.5.4.3"], CscaCertificateIssuerTests.RdnTypes(certificate.SubjectName.RawData));
        IssuanceFixtures.AssertLintsClean(der, CertificateProfile.DtcSigner);
    }

    [Theory]
    [InlineData(SignerCertificateKind.MasterListSigner, CertificateProfile.MasterListSigner, "2.23.136.1.1.3")]
    [InlineData(SignerCertificateKind.DeviationListSigner, CertificateProfile.DeviationListSigner, "2.23.136.1.1.8")]
    public async Task IssueAsync_ListSigner_HasCriticalIcaoEkuAndVerifies(SignerCertificateKind kind, CertificateProfile profile, string eku)
    {
        using var openssl = OpenSsl.Create();
        using var csca = SoftwareCertificateSigner.Rsa(3072, pss: true, HashAlgorithmName.SHA256);
        var cscaDer = await IssuanceFixtures.SelfSignedAsync(csca);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var csr = IssuanceFixtures.CreateCsr("C=NL, CN=List Signer", key);

        var der = await IssueAsync(csr, kind, cscaDer, csca);

        openssl.AssertVerifies(cscaDer, der, "list-signer");
        IssuanceFixtures.AssertLintsClean(der, profile);
        Assert.Equal(profile, CertificateProfileLinter.DetectProfile(X509CertificateParts.Decode(der)));
        using var certificate = X509CertificateLoader.LoadCertificate(der);
        var ekuExtension = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.True(ekuExtension.Critical);
        Assert.Equal([eku], ekuExtension.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        Assert.Null(certificate.Extensions[DocumentTypeList.Oid]);
    }

    [Fact]
    public async Task IssueAsync_SealSigner_HasCriticalSealEkuAndDocumentTypesAndIsAllowedAsSealSigner()
    {
        using var openssl = OpenSsl.Create();
        using var csca = SoftwareCertificateSigner.P256();
        var cscaDer = await IssuanceFixtures.SelfSignedAsync(csca);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = IssuanceFixtures.CreateCsr("C=NL, CN=NLSS", key);

        var der = await IssueAsync(csr, SignerCertificateKind.SealSigner, cscaDer, csca, "V");

        openssl.AssertVerifies(cscaDer, der, "seal-signer");
        using var certificate = X509CertificateLoader.LoadCertificate(der);
        var ekuExtension = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.True(ekuExtension.Critical);
        Assert.Equal([Credentials.Icao9303.X509.CertificateRoleRule.SealSignerEku], ekuExtension.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        Assert.Equal(["V"], DocumentTypeList.Decode(certificate.Extensions[DocumentTypeList.Oid]!.RawData).DocumentTypes);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        var decision = CertificateRoleRule.Check(X509CertificateParts.Decode(der), CertificateRole.SealSigner);
        Assert.Equal(CertificateRoleRule.Allowed, decision.Reason);
    }

    [Fact]
    public async Task IssueAsync_DocumentSigner_IsRefusedAsSealSigner()
    {
        using var csca = SoftwareCertificateSigner.P256();
        var cscaDer = await IssuanceFixtures.SelfSignedAsync(csca);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = IssuanceFixtures.CreateCsr("C=NL, CN=DS", key);

        var der = await IssueAsync(csr, SignerCertificateKind.DocumentSigner, cscaDer, csca, "P");

        var decision = CertificateRoleRule.Check(X509CertificateParts.Decode(der), CertificateRole.SealSigner);
        Assert.False(decision.IsAllowed);
        Assert.Equal(CertificateRoleRule.DocumentTypeOtherRole, decision.Reason);
    }

    [Fact]
    public async Task IssueAsync_TamperedRequestSignature_IsRejected()
    {
        using var csca = SoftwareCertificateSigner.P256();
        var cscaDer = await IssuanceFixtures.SelfSignedAsync(csca);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = IssuanceFixtures.CreateCsr("C=NL, CN=DS", key);
        // The CN value sits inside the signed CertificationRequestInfo: change one letter.
        var index = csr.AsSpan().IndexOf("DS"u8);
        csr[index + 1] = (byte)'X';

        var error = await Assert.ThrowsAsync<IssuanceRejectedException>(() => IssueAsync(csr, SignerCertificateKind.DocumentSigner, cscaDer, csca, "P"));

        Assert.Equal(IssuanceRejectedException.CsrSignatureInvalid, error.Reason);
        Assert.Equal(1, csca.SignCount);
    }

    [Fact]
    public async Task IssueAsync_OtherCountry_IsRejected()
    {
        using var csca = SoftwareCertificateSigner.P256();
        var cscaDer = await IssuanceFixtures.SelfSignedAsync(csca);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = IssuanceFixtures.CreateCsr("C=DE, CN=DS", key);

        var error = await Assert.ThrowsAsync<IssuanceRejectedException>(() => IssueAsync(csr, SignerCertificateKind.DocumentSigner, cscaDer, csca, "P"));

        Assert.Equal(IssuanceRejectedException.CsrSubjectInvalid, error.Reason);
    }

    [Fact]
    public async Task IssueAsync_Rsa1024Key_IsRejected()
    {
        using var csca = SoftwareCertificateSigner.P256();
        var cscaDer = await IssuanceFixtures.SelfSignedAsync(csca);
        using var key = RSA.Create(1024);
        var csr = IssuanceFixtures.CreateCsr("C=NL, CN=DS", key);

        var error = await Assert.ThrowsAsync<IssuanceRejectedException>(() => IssueAsync(csr, SignerCertificateKind.DocumentSigner, cscaDer, csca, "P"));

        Assert.Equal(IssuanceRejectedException.KeyAlgorithmNotAllowed, error.Reason);
    }

    [Fact]
    public async Task IssueAsync_Secp256k1Key_IsRejected()
    {
        using var csca = SoftwareCertificateSigner.P256();
        var cscaDer = await IssuanceFixtures.SelfSignedAsync(csca);
        using var key = ECDsa.Create(ECCurve.CreateFromValue("1.3.132.0.10"));
        var csr = IssuanceFixtures.CreateCsr("C=NL, CN=DS", key);

        var error = await Assert.ThrowsAsync<IssuanceRejectedException>(() => IssueAsync(csr, SignerCertificateKind.DocumentSigner, cscaDer, csca, "P"));

        Assert.Equal(IssuanceRejectedException.KeyAlgorithmNotAllowed, error.Reason);
    }

    [Fact]
    public async Task IssueAsync_GarbageRequest_IsMalformed()
    {
        using var csca = SoftwareCertificateSigner.P256();
        var cscaDer = await IssuanceFixtures.SelfSignedAsync(csca);

        var error = await Assert.ThrowsAsync<IssuanceRejectedException>(() => IssueAsync([0x30, 0x03, 0x02, 0x01, 0x00, 0x00], SignerCertificateKind.DocumentSigner, cscaDer, csca, "P"));

        Assert.Equal(IssuanceRejectedException.CsrMalformed, error.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("p")]
    [InlineData("PPP")]
    [InlineData("P,1")]
    [InlineData("V")]
    [InlineData("VH,VB")]
    public async Task IssueAsync_DocumentSignerWithBadDocumentTypes_IsRejected(string list)
    {
        var types = list.Split(',', StringSplitOptions.RemoveEmptyEntries);
        using var csca = SoftwareCertificateSigner.P256();
        var cscaDer = await IssuanceFixtures.SelfSignedAsync(csca);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = IssuanceFixtures.CreateCsr("C=NL, CN=DS", key);

        var error = await Assert.ThrowsAsync<IssuanceRejectedException>(() => IssueAsync(csr, SignerCertificateKind.DocumentSigner, cscaDer, csca, types));

        Assert.Equal(IssuanceRejectedException.DocumentTypeInvalid, error.Reason);
    }

    [Fact]
    public async Task IssueAsync_ValidityBeyondCsca_IsRejected()
    {
        using var csca = SoftwareCertificateSigner.P256();
        var cscaDer = await IssuanceFixtures.SelfSignedAsync(csca);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = IssuanceFixtures.CreateCsr("C=NL, CN=DS", key);
        var template = IssuanceFixtures.SignerTemplate(SignerCertificateKind.DocumentSigner, "P") with { NotAfter = IssuanceFixtures.Now.AddYears(16) };

        var error = await Assert.ThrowsAsync<IssuanceRejectedException>(() => SignerCertificateIssuer.IssueAsync(
            csr, template, cscaDer, csca, IssuanceFixtures.Now, IssuanceFixtures.Random, CancellationToken.None));

        Assert.Equal(IssuanceRejectedException.ValidityPeriodInvalid, error.Reason);
    }

    [Fact]
    public async Task IssueAsync_AfterCscaKeyUsagePeriod_IsRejected()
    {
        using var csca = SoftwareCertificateSigner.P256();
        var cscaDer = await IssuanceFixtures.SelfSignedAsync(csca);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = IssuanceFixtures.CreateCsr("C=NL, CN=DS", key);

        var error = await Assert.ThrowsAsync<IssuanceRejectedException>(() => SignerCertificateIssuer.IssueAsync(
            csr, IssuanceFixtures.SignerTemplate(SignerCertificateKind.DocumentSigner, "P"), cscaDer, csca, IssuanceFixtures.Now.AddYears(6),
            IssuanceFixtures.Random, CancellationToken.None));

        Assert.Equal(IssuanceRejectedException.IssuerNotUsable, error.Reason);
    }

    private static Task<byte[]> IssueAsync(byte[] csr, SignerCertificateKind kind, byte[] cscaDer, SoftwareCertificateSigner csca, params string[] documentTypes) =>
        SignerCertificateIssuer.IssueAsync(
            csr,
            IssuanceFixtures.SignerTemplate(kind, documentTypes),
            cscaDer,
            csca,
            IssuanceFixtures.Now,
            IssuanceFixtures.Random,
            CancellationToken.None);
}
