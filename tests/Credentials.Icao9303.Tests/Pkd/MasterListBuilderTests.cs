using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Pkd;

namespace Credentials.Icao9303.Tests.Pkd;

public sealed class MasterListBuilderTests
{
    private const string MasterListSignerEku = "2.23.136.1.1.3";

    [Fact]
    public void PrepareSignAssemble_ExternalSignature_VerifiesAndChainsToOwnCsca()
    {
        using var cscaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var csca = CreateCsca(cscaKey);
        using var signer = CreateSigner(csca, signerKey, MasterListSignerEku);
        // Another State's CSCA in the list (made here; any foreign CSCA will do).
        using var foreignKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var foreignRequest = new CertificateRequest("CN=CSCA NL,O=Kingdom of the Netherlands,C=NL", foreignKey, HashAlgorithmName.SHA256);
        foreignRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        foreignRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        foreignRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(foreignRequest.PublicKey, false));
        using var foreignCertificate = foreignRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        var foreign = foreignCertificate.RawData;

        var input = MasterListBuilder.PrepareSigning([csca.RawData, foreign, csca.RawData], Oids.Sha256, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        // The HSM's job: sign the DER signed attributes.
        var signature = signerKey.SignData(input.SignedAttributes.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var masterList = MasterListBuilder.Assemble(input, SignatureAlgorithm.FromOid(Oids.EcdsaWithSha256, null), signature, signer.RawData);

        var result = SignedListVerifier.VerifyMasterList(masterList);

        Assert.Equal(2, input.CertificateCount);
        Assert.True(result.IsValid, $"{result.FailureReason}: {result.FailureDetail}");
        Assert.Equal("list", result.IssuerSource);
        Assert.True(result.IssuerCertificate!.Encoded.Span.SequenceEqual(csca.RawData));
        Assert.Equal(["NL", "XX"], result.MasterList!.Countries);
        Assert.True(input.DigestToSign.Span.SequenceEqual(SHA256.HashData(input.SignedAttributes.Span)));
    }

    [Fact]
    public void Assemble_SameInputTwice_IsDeterministic()
    {
        using var cscaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var csca = CreateCsca(cscaKey);
        var input1 = MasterListBuilder.PrepareSigning([csca.RawData], Oids.Sha256);
        var input2 = MasterListBuilder.PrepareSigning([csca.RawData], Oids.Sha256);

        Assert.True(input1.SignedAttributes.Span.SequenceEqual(input2.SignedAttributes.Span));
        Assert.True(input1.EContent.Span.SequenceEqual(input2.EContent.Span));
    }

    [Fact]
    public void Verify_SignerWithoutMasterListEku_FailsEkuMissing()
    {
        using var cscaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var csca = CreateCsca(cscaKey);
        using var signer = CreateSigner(csca, signerKey, "2.23.136.1.1.8");

        var input = MasterListBuilder.PrepareSigning([csca.RawData], Oids.Sha256);
        var signature = signerKey.SignData(input.SignedAttributes.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var masterList = MasterListBuilder.Assemble(input, SignatureAlgorithm.FromOid(Oids.EcdsaWithSha256, null), signature, signer.RawData);

        var result = SignedListVerifier.VerifyMasterList(masterList);

        Assert.True(result.SignatureValid);
        Assert.Equal("ml.signer-eku-missing", result.FailureReason);
    }

    [Fact]
    public void Verify_SignedWithAnotherKey_FailsSignatureInvalid()
    {
        using var cscaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var csca = CreateCsca(cscaKey);
        using var signer = CreateSigner(csca, signerKey, MasterListSignerEku);

        var input = MasterListBuilder.PrepareSigning([csca.RawData], Oids.Sha256);
        var signature = otherKey.SignData(input.SignedAttributes.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var masterList = MasterListBuilder.Assemble(input, SignatureAlgorithm.FromOid(Oids.EcdsaWithSha256, null), signature, signer.RawData);

        Assert.Equal("cms.signature-invalid", SignedListVerifier.VerifyMasterList(masterList).FailureReason);
    }

    internal static X509Certificate2 CreateCsca(ECDsa key)
    {
        var request = new CertificateRequest("CN=Test CSCA,O=Test,C=XX", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
    }

    internal static X509Certificate2 CreateSigner(X509Certificate2 csca, ECDsa key, string eku)
    {
        var request = new CertificateRequest("CN=Test Master List Signer,O=Test,C=XX", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(eku)], true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(csca, true, false));
        return request.Create(csca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2), [0x42]);
    }
}
