using System.Security.Cryptography;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Vds;

namespace Credentials.Icao9303.Tests.Vds;

public sealed class VdsSignatureTests
{
    [Theory]
    [InlineData("nistP256", 256)]
    [InlineData("nistP384", 384)]
    [InlineData("nistP521", 521)]
    [InlineData("brainpoolP512r1", 512)]
    public void PlainFromDer_DerSignaturesOfEveryCurve_EqualsTheKeysOwnPlainForm(string curve, int bits)
    {
        using var key = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));
        var data = RandomNumberGenerator.GetBytes(100);
        var hash = VdsSignature.Hash(bits);

        // Many signatures, so r or s with a leading zero byte (shorter DER integer) and with the high bit set (sign byte) occur.
        for (var i = 0; i < 64; i++)
        {
            var der = key.SignData(data, hash, DSASignatureFormat.Rfc3279DerSequence);

            var plain = VdsSignature.PlainFromDer(der, bits);

            Assert.Equal(2 * ((bits + 7) / 8), plain.Length);
            Assert.True(key.VerifyData(data, plain, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        }
    }

    [Theory]
    [InlineData("3006020101020101FF")]
    [InlineData("300402010102")]
    [InlineData("04020101")]
    [InlineData("3026022100" + "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF" + "020101")]
    public void PlainFromDer_NotAnEcdsaValueForTheCurve_FormatException(string hex)
    {
        var error = Assert.Throws<Icao9303FormatException>(() => VdsSignature.PlainFromDer(Convert.FromHexString(hex), 128));

        Assert.Equal("vds.signature-invalid", error.Reason);
    }

    [Theory]
    [InlineData(224, Oids.Sha224)]
    [InlineData(256, Oids.Sha256)]
    [InlineData(384, Oids.Sha384)]
    [InlineData(512, Oids.Sha512)]
    [InlineData(521, Oids.Sha512)]
    public void DigestOid_CurveSize_Part13Hash(int bits, string oid)
    {
        Assert.Equal(oid, VdsSignature.DigestOid(bits));
    }

    [Fact]
    public void Matches_ReferenceWrittenFromCertificate_FoundByVerifierRule()
    {
        using var pki = new SealTestPki();
        var certificate = X509CertificateParts.Decode(pki.SealSigner.RawData);
        var header = new VdsHeader
        {
            Version = VdsHeaderVersion.Version4,
            IssuingCountry = "UTO",
            SignerIdentifier = VdsSignerReference.Country(certificate) + "AB",
            CertificateReference = VdsSignerReference.CertificateReference(certificate),
            DocumentIssueDate = new DateOnly(2026, 12, 1),
            SignatureCreationDate = new DateOnly(2026, 12, 1),
            DocumentFeatureDefinitionReference = 0x5D,
            DocumentTypeCategory = 0x01,
        };

        Assert.Equal("UT", VdsSignerReference.Country(certificate));
        Assert.Equal("1A2B3C", header.CertificateReference);
        Assert.True(VdsSignerReference.Matches(header, certificate));
        Assert.False(VdsSignerReference.Matches(header, X509CertificateParts.Decode(pki.DocumentSigner.RawData)));
        Assert.False(VdsSignerReference.Matches(header with { SignerIdentifier = "XXAB" }, certificate));
    }
}
