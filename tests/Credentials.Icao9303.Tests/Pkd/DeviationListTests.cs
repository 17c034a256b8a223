using System.Formats.Asn1;
using System.Security.Cryptography;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Pkd;

namespace Credentials.Icao9303.Tests.Pkd;

public sealed class DeviationListTests
{
    private const string DeviationListSignerEku = "2.23.136.1.1.8";

    [Fact]
    public void BuildAndVerify_SignedByDeviationListSigner_ValidWithDefects()
    {
        using var cscaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var csca = MasterListBuilderTests.CreateCsca(cscaKey);
        using var signer = MasterListBuilderTests.CreateSigner(csca, signerKey, DeviationListSignerEku);
        // A Document Signer certificate issued by the CSCA (any DSC: the list names it by issuer and serial).
        using var dscKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var dscRequest = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Document Signer,O=Test,C=XX", dscKey, HashAlgorithmName.SHA256);
        using var dscCertificate = dscRequest.Create(csca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), [0x0D, 0x5C]);
        var dsc = X509CertificateParts.Decode(dscCertificate.RawData);
        var deviations = new[]
        {
            new SignerDeviation("issuerAndSerialNumber", IssuerAndSerial(dsc), [new Defect("Document Type List encoded without SET", "2.23.136.1.1.7.1.1", null)]),
        };

        var input = DeviationListBuilder.PrepareSigning(deviations, Oids.Sha256);
        var signature = signerKey.SignData(input.SignedAttributes.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var cms = DeviationListBuilder.Assemble(input, SignatureAlgorithm.FromOid(Oids.EcdsaWithSha256, null), signature, signer.RawData);

        var result = SignedListVerifier.VerifyDeviationList(cms, [csca.RawData]);

        Assert.True(result.IsValid, $"{result.FailureReason}: {result.FailureDetail}");
        var deviation = Assert.Single(result.DeviationList!.Deviations);
        Assert.Equal("issuerAndSerialNumber", deviation.IdentifierKind);
        var defect = Assert.Single(deviation.Defects);
        Assert.Equal("2.23.136.1.1.7.1.1", defect.DefectType);
        Assert.Equal("Document Type List encoded without SET", defect.Description);
    }

    [Fact]
    public void Verify_SignerWithMasterListEkuOnly_FailsEkuMissing()
    {
        using var cscaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var csca = MasterListBuilderTests.CreateCsca(cscaKey);
        using var signer = MasterListBuilderTests.CreateSigner(csca, signerKey, "2.23.136.1.1.3");

        var input = DeviationListBuilder.PrepareSigning([], Oids.Sha256);
        var signature = signerKey.SignData(input.SignedAttributes.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var cms = DeviationListBuilder.Assemble(input, SignatureAlgorithm.FromOid(Oids.EcdsaWithSha256, null), signature, signer.RawData);

        Assert.Equal("dl.signer-eku-missing", SignedListVerifier.VerifyDeviationList(cms, [csca.RawData]).FailureReason);
    }

    [Fact]
    public void Verify_MasterListGivenAsDeviationList_FailsWrongContentType()
    {
        var (bytes, _, _) = MasterListVerificationTests.MadeMasterList();

        var result = SignedListVerifier.VerifyDeviationList(bytes, []);

        Assert.Equal("dl.wrong-content-type", result.FailureReason);
    }

    [Fact]
    public void Decode_TrailingData_Rejected()
    {
        var encoded = DeviationList.Encode([]).Append((byte)0).ToArray();

        var ex = Assert.Throws<Icao9303FormatException>(() => DeviationList.Decode(encoded));
        Assert.Equal("dl.trailing-data", ex.Reason);
    }

    private static byte[] IssuerAndSerial(X509CertificateParts certificate)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(certificate.Issuer.Span);
            writer.WriteInteger(certificate.SerialNumber.Span);
        }

        return writer.Encode();
    }
}
