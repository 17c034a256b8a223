using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Contracts.Common.V1;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Crl;
using Credentials.TrustAnchor.Application;
using Credentials.TrustAnchor.Options;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credentials.TrustAnchor.Tests;

/// <summary>The one acceptance rule of trust material (import and events): CA flag and role, self-signature, link or DSC under a stored key, CRL under a stored key.</summary>
public sealed class TrustMaterialVerifierTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly ECDsa _cscaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _rogueKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _newKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _dscKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _csca;
    private readonly X509Certificate2 _rogueCsca;
    private readonly InMemoryTrustMaterial _material;
    private readonly TrustSnapshotProvider _provider;

    public TrustMaterialVerifierTests()
    {
        _csca = SelfSigned("C=UT, O=Test, CN=Test CSCA", _cscaKey);
        // Same name as the stored CSCA, different key: what a forger would mint.
        _rogueCsca = SelfSigned("C=UT, O=Test, CN=Test CSCA", _rogueKey);
        _material = new InMemoryTrustMaterial(new TrustMaterial(1, [_csca.RawData], [], [], []));
        _provider = new TrustSnapshotProvider(_material, _material, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new TrustAnchorOptions()), NullLogger<TrustSnapshotProvider>.Instance);
    }

    public void Dispose()
    {
        _provider.Dispose();
        _csca.Dispose();
        _rogueCsca.Dispose();
        _cscaKey.Dispose();
        _rogueKey.Dispose();
        _newKey.Dispose();
        _dscKey.Dispose();
    }

    [Fact]
    public async Task VerifyCaCertificate_NewSelfSignedCscaFromOwnerTopic_AcceptedAsCsca()
    {
        using var other = SelfSigned("C=XX, O=Other, CN=Other CSCA", _newKey);
        var decision = TrustMaterialVerifier.VerifyCaCertificate(await Snapshot(), Parts(other), TrustBasis.SelfSignedFromOwner);
        Assert.True(decision.Accepted, decision.Detail);
        Assert.Equal(CertificateKind.Csca, decision.Kind);
    }

    [Fact]
    public async Task VerifyCaCertificate_NewSelfSignedCscaOnStoredAnchorsOnly_RejectedNotTrusted()
    {
        using var other = SelfSigned("C=XX, O=Other, CN=Other CSCA", _newKey);
        var decision = TrustMaterialVerifier.VerifyCaCertificate(await Snapshot(), Parts(other), TrustBasis.StoredAnchors);
        Assert.False(decision.Accepted);
        Assert.Equal(TrustMaterialVerifier.CscaNotTrusted, decision.Reason);
    }

    [Fact]
    public async Task VerifyCaCertificate_LinkUnderStoredKey_AcceptedAsLink()
    {
        using var link = Link(_csca, _cscaKey);
        var decision = TrustMaterialVerifier.VerifyCaCertificate(await Snapshot(), Parts(link), TrustBasis.SelfSignedFromOwner);
        Assert.True(decision.Accepted, decision.Detail);
        Assert.Equal(CertificateKind.Link, decision.Kind);
    }

    [Fact]
    public async Task VerifyCaCertificate_LinkSignedByRogueKeyUnderStoredName_RejectedIssuerNotFound()
    {
        using var link = Link(_rogueCsca, _rogueKey);
        var decision = TrustMaterialVerifier.VerifyCaCertificate(await Snapshot(), Parts(link), TrustBasis.SelfSignedFromOwner);
        Assert.False(decision.Accepted);
        Assert.Equal(TrustMaterialVerifier.IssuerNotFound, decision.Reason);
    }

    [Fact]
    public async Task VerifyCaCertificate_LinkUnderCscaOfTheSameBatch_Accepted()
    {
        using var link = Link(_rogueCsca, _rogueKey);
        var decision = TrustMaterialVerifier.VerifyCaCertificate(await Snapshot(), Parts(link), TrustBasis.SelfSignedFromOwner, [Parts(_rogueCsca)]);
        Assert.True(decision.Accepted, decision.Detail);
        Assert.Equal(CertificateKind.Link, decision.Kind);
    }

    [Fact]
    public async Task VerifyCaCertificate_EndEntityClaimedAsCsca_RejectedNotACa()
    {
        using var dsc = DocumentSigner(_csca, _cscaKey);
        var decision = TrustMaterialVerifier.VerifyCaCertificate(await Snapshot(), Parts(dsc), TrustBasis.OperatorAsserted);
        Assert.False(decision.Accepted);
        Assert.Equal(TrustMaterialVerifier.NotACa, decision.Reason);
    }

    [Fact]
    public async Task VerifyDocumentSigner_IssuedByStoredCsca_Accepted()
    {
        using var dsc = DocumentSigner(_csca, _cscaKey);
        var decision = TrustMaterialVerifier.VerifyDocumentSigner(await Snapshot(), Parts(dsc));
        Assert.True(decision.Accepted, decision.Detail);
        Assert.Equal(CertificateKind.DocumentSigner, decision.Kind);
    }

    [Fact]
    public async Task VerifyDocumentSigner_ForgedUnderStoredCscaName_RejectedIssuerNotFound()
    {
        using var dsc = DocumentSigner(_rogueCsca, _rogueKey);
        var decision = TrustMaterialVerifier.VerifyDocumentSigner(await Snapshot(), Parts(dsc));
        Assert.False(decision.Accepted);
        Assert.Equal(TrustMaterialVerifier.IssuerNotFound, decision.Reason);
    }

    [Fact]
    public async Task VerifyDocumentSigner_CaCertificate_RejectedWrongRole()
    {
        using var link = Link(_csca, _cscaKey);
        var decision = TrustMaterialVerifier.VerifyDocumentSigner(await Snapshot(), Parts(link));
        Assert.False(decision.Accepted);
        Assert.Equal(TrustMaterialVerifier.WrongRole, decision.Reason);
    }

    [Fact]
    public async Task VerifySealSigner_IssuedByStoredCsca_AcceptedAsSealSigner()
    {
        using var sealSigner = SealSigner(_csca, _cscaKey);
        var decision = TrustMaterialVerifier.VerifySealSigner(await Snapshot(), Parts(sealSigner));
        Assert.True(decision.Accepted, decision.Detail);
        Assert.Equal(CertificateKind.SealSigner, decision.Kind);
    }

    [Fact]
    public async Task VerifySealSigner_ForgedUnderStoredCscaName_RejectedIssuerNotFound()
    {
        using var sealSigner = SealSigner(_rogueCsca, _rogueKey);
        var decision = TrustMaterialVerifier.VerifySealSigner(await Snapshot(), Parts(sealSigner));
        Assert.False(decision.Accepted);
        Assert.Equal(TrustMaterialVerifier.IssuerNotFound, decision.Reason);
    }

    [Fact]
    public async Task VerifySealSigner_CaCertificate_RejectedWrongRole()
    {
        using var link = Link(_csca, _cscaKey);
        var decision = TrustMaterialVerifier.VerifySealSigner(await Snapshot(), Parts(link));
        Assert.False(decision.Accepted);
        Assert.Equal(TrustMaterialVerifier.WrongRole, decision.Reason);
    }

    [Fact]
    public void Classify_SealSignerEkuOrNot_SealSignerOnlyWithTheEku()
    {
        using var sealSigner = SealSigner(_csca, _cscaKey);
        using var dsc = DocumentSigner(_csca, _cscaKey);
        Assert.Equal(CertificateKind.SealSigner, CertificateSummaries.Classify(Parts(sealSigner)));
        Assert.Equal(CertificateKind.DocumentSigner, CertificateSummaries.Classify(Parts(dsc)));
    }

    [Fact]
    public async Task VerifyCrl_SignedByStoredCscaOrRogueKey_AcceptedOnlyUnderStoredKey()
    {
        var snapshot = await Snapshot();
        var genuine = TrustMaterialVerifier.VerifyCrl(snapshot, Crl(_csca, _cscaKey));
        var forged = TrustMaterialVerifier.VerifyCrl(snapshot, Crl(_rogueCsca, _rogueKey));
        Assert.True(genuine.Accepted, genuine.Detail);
        Assert.False(forged.Accepted);
        Assert.Equal(TrustMaterialVerifier.CrlUntrusted, forged.Reason);
    }

    private async Task<TrustSnapshot> Snapshot() => await _provider.GetAsync(TestContext.Current.CancellationToken);

    private static X509CertificateParts Parts(X509Certificate2 certificate) => X509CertificateParts.Decode(certificate.RawData);

    private static X509Certificate2 SelfSigned(string name, ECDsa key)
    {
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(Now.AddDays(-10), Now.AddYears(5));
    }

    private X509Certificate2 Link(X509Certificate2 issuer, ECDsa issuerKey)
    {
        var request = new CertificateRequest("C=UT, O=Test, CN=Test CSCA", _newKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), Now.AddDays(-1), Now.AddYears(3), [0x10, 0x01]);
    }

    private X509Certificate2 DocumentSigner(X509Certificate2 issuer, ECDsa issuerKey)
    {
        var request = new CertificateRequest("C=UT, O=Test, CN=Test DS", _dscKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), Now.AddDays(-1), Now.AddYears(2), [0x42, 0x01]);
    }

    /// <summary>A barcode (seal) signer: digitalSignature and the critical seal signer EKU 2.23.136.1.1.14.2.</summary>
    private X509Certificate2 SealSigner(X509Certificate2 issuer, ECDsa issuerKey)
    {
        var request = new CertificateRequest("C=UT, O=Test, CN=Test Seal Signer", _dscKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("2.23.136.1.1.14.2")], true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), Now.AddDays(-1), Now.AddYears(2), [0x43, 0x01]);
    }

    private static CertificateRevocationList Crl(X509Certificate2 issuer, ECDsa issuerKey)
    {
        var der = new CertificateRevocationListBuilder().Build(
            issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), 1, Now.AddDays(30), HashAlgorithmName.SHA256,
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false), Now.AddHours(-1));
        return CertificateRevocationList.Decode(der);
    }
}
