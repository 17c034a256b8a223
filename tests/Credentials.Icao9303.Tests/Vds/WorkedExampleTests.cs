using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Icao9303.Vds;
using Credentials.Icao9303.X509;

namespace Credentials.Icao9303.Tests.Vds;

/// <summary>
/// The published worked examples (<see cref="PublicWorkedExamples"/>, provenance in README.md): decoded field by field
/// as the publication explains them, re-encoded byte for byte, and — where the signer certificate is given — verified.
/// </summary>
public sealed class WorkedExampleTests
{
    public static TheoryData<string, string, byte, byte, int> BsiExamples => new()
    {
        { "annex-c-arrival-attestation", PublicWorkedExamples.BsiArrivalAttestation, 0xFD, 0x02, 64 },
        { "annex-d-social-insurance-card", PublicWorkedExamples.BsiSocialInsuranceCard, 0xFC, 0x04, 64 },
        { "annex-e-residence-permit", PublicWorkedExamples.BsiResidencePermit, 0xFB, 0x06, 64 },
        { "annex-f-visa", PublicWorkedExamples.BsiVisa, 0x5D, 0x01, 56 },
        { "annex-g-address-sticker-id-card", PublicWorkedExamples.BsiAddressStickerIdCard, 0xF9, 0x08, 56 },
        { "annex-h-residence-sticker-passport", PublicWorkedExamples.BsiResidenceStickerPassport, 0xF8, 0x0A, 56 },
    };

    [Theory]
    [MemberData(nameof(BsiExamples))]
    public void Decode_BsiWorkedExample_HeaderAsPublishedAndEncodesByteForByte(string name, string hex, byte featureDefinition, byte category, int signatureLength)
    {
        var bytes = Convert.FromHexString(hex);

        var seal = VisibleDigitalSeal.Decode(bytes);

        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(bytes, seal.Encode());
        Assert.Equal("D<<", seal.Header.IssuingCountry);
        Assert.Equal("DETS", seal.Header.SignerIdentifier);
        Assert.Contains(seal.Header.DocumentIssueDate, new[] { new DateOnly(2020, 1, 1), new DateOnly(2021, 1, 1) });
        Assert.Equal(featureDefinition, seal.Header.DocumentFeatureDefinitionReference);
        Assert.Equal(category, seal.Header.DocumentTypeCategory);
        Assert.Equal(signatureLength, seal.Signature.Length);
        Assert.Equal(bytes.AsSpan(0, seal.SignedData.Length).ToArray(), seal.SignedData.ToArray());
    }

    [Fact]
    public void Decode_BsiArrivalAttestation_FieldsAsAnnexC()
    {
        var seal = VisibleDigitalSeal.Decode(Convert.FromHexString(PublicWorkedExamples.BsiArrivalAttestation));

        Assert.Equal(VdsHeaderVersion.Version3, seal.Header.Version);
        Assert.Equal("00027", seal.Header.CertificateReference);
        Assert.Equal("DETS00027", seal.Header.SignerCertificateReference);
        Assert.Equal(new DateOnly(2020, 1, 1), seal.Header.DocumentIssueDate);
        Assert.Equal(new DateOnly(2020, 1, 13), seal.Header.SignatureCreationDate);
        Assert.Same(VdsDocumentProfile.ArrivalAttestation, VdsDocumentProfile.Find(seal.Header));
        VdsDocumentProfile.ArrivalAttestation.Validate(seal.Features);
        Assert.Equal("MED<<MUSTERMANN<<ERIK<<<<<<<<<<<<<<<M0000000<4ALB0308212M1604128<<<<<<<2", seal.Find(0x02)!.ValueAsC40());
        Assert.Equal("160113000085", seal.Find(0x03)!.ValueAsC40());
    }

    [Fact]
    public void Decode_BsiSocialInsuranceCard_Utf8NamesAsAnnexD()
    {
        var seal = VisibleDigitalSeal.Decode(Convert.FromHexString(PublicWorkedExamples.BsiSocialInsuranceCard));

        Assert.Equal(new DateOnly(2020, 1, 14), seal.Header.SignatureCreationDate);
        Assert.Null(VdsDocumentProfile.Find(seal.Header)); // a German national profile this project does not define
        Assert.Equal("65170839J003", seal.Find(0x01)!.ValueAsC40());
        Assert.Equal("Perschweiß", Encoding.UTF8.GetString(seal.Find(0x02)!.Value.Span));
        Assert.Equal("Oscar", Encoding.UTF8.GetString(seal.Find(0x03)!.Value.Span));
        Assert.Equal("Jâcobénidicturius", Encoding.UTF8.GetString(seal.Find(0x04)!.Value.Span));
    }

    [Fact]
    public void Decode_BsiResidencePermit_FieldsAsAnnexE()
    {
        var seal = VisibleDigitalSeal.Decode(Convert.FromHexString(PublicWorkedExamples.BsiResidencePermit));

        Assert.Equal(VdsHeaderVersion.Version4, seal.Header.Version);
        Assert.Equal("27", seal.Header.CertificateReference);
        Assert.Equal(new DateOnly(2020, 1, 13), seal.Header.SignatureCreationDate);
        Assert.Same(VdsDocumentProfile.ResidencePermit, VdsDocumentProfile.Find(seal.Header));
        VdsDocumentProfile.ResidencePermit.Validate(seal.Features);
        // The annex prose names the document code "ARD"; its bytes (the normative part) carry "ATD".
        Assert.Equal("ATD<<RESIDORCE<<ROLAND<<<<<<<<<<<<<<6525845096USA7008038M2201018<<<<<<06", seal.Find(0x02)!.ValueAsC40());
        Assert.Equal("UFO001979", seal.Find(0x03)!.ValueAsC40());
    }

    [Fact]
    public void Decode_BsiVisa_FieldsAsAnnexF()
    {
        var seal = VisibleDigitalSeal.Decode(Convert.FromHexString(PublicWorkedExamples.BsiVisa));

        Assert.Equal("32", seal.Header.CertificateReference);
        Assert.Equal(new DateOnly(2021, 12, 3), seal.Header.SignatureCreationDate);
        Assert.Same(VdsDocumentProfile.Visa, VdsDocumentProfile.Find(seal.Header));
        VdsDocumentProfile.Visa.Validate(seal.Features);
        // MRV-B in the seal: line 1 and the first 28 characters of line 2 (64 characters; the annex prints the whole line 2).
        Assert.Equal("VCD<<DENT<<ARTHUR<PHILIP<<<<<<<<<<<<1234567XY7GBR5203116M2005250", seal.Find(0x02)!.ValueAsC40());
        Assert.Equal(new byte[] { 0xA0, 0x00, 0x00 }, seal.Find(0x04)!.Value.ToArray());
        Assert.Equal("47110815P", seal.Find(0x05)!.ValueAsC40());
    }

    [Fact]
    public void Decode_BsiStickers_FieldsAsAnnexesGAndH()
    {
        var idCard = VisibleDigitalSeal.Decode(Convert.FromHexString(PublicWorkedExamples.BsiAddressStickerIdCard));
        var passport = VisibleDigitalSeal.Decode(Convert.FromHexString(PublicWorkedExamples.BsiResidenceStickerPassport));

        Assert.Equal(new DateOnly(2021, 1, 1), idCard.Header.DocumentIssueDate);
        Assert.Equal("05314000", idCard.Find(0x02)!.ValueAsC40());
        Assert.Equal("53123MUSTERMANNSTRASSE21", idCard.Find(0x03)!.ValueAsC40());
        Assert.Equal(9, idCard.Find(0x01)!.ValueAsC40().Length);
        Assert.Equal("PA5500K11", passport.Find(0x01)!.ValueAsC40());
        Assert.Equal("03359010", passport.Find(0x02)!.ValueAsC40());
        Assert.Equal("21614", passport.Find(0x03)!.ValueAsC40());
    }

    [Fact]
    public void Verify_BsiVisaWithoutPublishedSigner_IndeterminateSignerNotFound()
    {
        using var store = new PassiveAuthenticationTrustStore([]);
        using var verifier = new SealVerifier(store);

        var result = verifier.Verify(new SealVerificationRequest
        {
            Seal = Convert.FromHexString(PublicWorkedExamples.BsiVisa),
            ValidationTime = new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero),
        });

        Assert.Equal(PassiveAuthenticationVerdict.Indeterminate, result.Verdict);
        Assert.Equal("signer.not-found", Check(result, "seal.signer-certificate").Reason);
        Assert.Equal(CheckStatus.Skip, Check(result, "seal.signature").Status);
    }

    public static TheoryData<string, string, string, string> VdsNcExamples => new()
    {
        { "proof-of-testing", PublicWorkedExamples.ProofOfTesting, "icao.test", "67" },
        { "proof-of-vaccination", PublicWorkedExamples.ProofOfVaccination, "icao.vacc", "68" },
    };

    [Theory]
    [MemberData(nameof(VdsNcExamples))]
    public void Decode_TrVdsNcExample_SignatureVerifiesOverCanonicalData(string name, string json, string type, string serial)
    {
        var seal = VdsNcSeal.Decode(Encoding.UTF8.GetBytes(json));

        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(new VdsNcHeader(type, 1, "UTO"), seal.Header);
        Assert.Equal("ES256", seal.Algorithm);
        Assert.StartsWith($"{{\"hdr\":{{\"is\":\"UTO\",\"t\":\"{type}\",\"v\":1}},\"msg\":{{", Encoding.UTF8.GetString(seal.SignedData.Span), StringComparison.Ordinal);
        var encoded = seal.Encode();
        Assert.Equal(encoded, VdsNcSeal.Decode(encoded).Encode());

        // Independent of the verifier: .NET's own X.509 and ECDSA over the canonical bytes.
        using var certificate = X509CertificateLoader.LoadCertificate(seal.SignerCertificate.Span);
        using var key = certificate.GetECDsaPublicKey()!;
        Assert.Equal(serial, certificate.SerialNumber.TrimStart('0'));
        Assert.Equal("CN=UT CA, C=UT", certificate.Issuer);
        Assert.True(key.VerifyData(seal.SignedData.Span, seal.SignatureValue.Span, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Theory]
    [MemberData(nameof(VdsNcExamples))]
    public void Verify_TrVdsNcExampleWithinValidity_SignatureAndRoleValidNoCsca(string name, string json, string type, string serial)
    {
        var result = VerifyVdsNc(json, new DateTimeOffset(2021, 6, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.False(string.IsNullOrEmpty(name + type + serial));
        Assert.Equal(PassiveAuthenticationVerdict.Indeterminate, result.Verdict); // "UT CA" is not published
        Assert.Equal("signer.embedded", Check(result, "seal.signer-certificate").Reason);
        Assert.Equal("seal.signature-valid", Check(result, "seal.signature").Reason);
        Assert.Equal("role.key-usage-absent", Check(result, "signer.role").Reason); // seal-signer EKU, no keyUsage: allowed deviation
        Assert.Equal("chain.no-trust-anchor", Check(result, "chain.csca").Reason);
        Assert.Equal("signer.valid", Check(result, "signer.validity").Reason);
    }

    [Fact]
    public void Verify_TrVdsNcExampleAfterSignerExpiry_InvalidSignerExpired()
    {
        var result = VerifyVdsNc(PublicWorkedExamples.ProofOfTesting, new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("seal.signature-valid", Check(result, "seal.signature").Reason);
        Assert.Equal("signer.expired", Check(result, "signer.validity").Reason); // not after 2026-10-07
    }

    [Fact]
    public void Verify_TrVdsNcExampleResultMessageAltered_InvalidSignature()
    {
        var altered = PublicWorkedExamples.ProofOfTesting.Replace("\"r\":\"negative\"", "\"r\":\"positive\"", StringComparison.Ordinal);

        var result = VerifyVdsNc(altered, new DateTimeOffset(2021, 6, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("seal.signature-invalid", Check(result, "seal.signature").Reason);
    }

    [Fact]
    public void Decode_TrVdsNcSignerCertificate_CarriesSealSignerEkuAndDocumentTypeNt()
    {
        var seal = VdsNcSeal.Decode(Encoding.UTF8.GetBytes(PublicWorkedExamples.ProofOfTesting));

        var certificate = X509CertificateParts.Decode(seal.SignerCertificate);

        Assert.Contains(certificate.Extensions, e => e.Oid == "2.5.29.37" && !e.Critical);
        Assert.Contains(certificate.Extensions, e => e.Oid == "2.23.136.1.1.6.2");
        Assert.True(CertificateRoleRule.Check(certificate, CertificateRole.SealSigner).IsAllowed);
        Assert.False(CertificateRoleRule.Check(certificate, CertificateRole.DocumentSigner).IsAllowed);
    }

    private static SealVerificationResult VerifyVdsNc(string json, DateTimeOffset at)
    {
        using var store = new PassiveAuthenticationTrustStore([]);
        using var verifier = new SealVerifier(store);
        return verifier.Verify(new SealVerificationRequest { Seal = Encoding.UTF8.GetBytes(json), ValidationTime = at });
    }

    private static PassiveAuthenticationCheck Check(SealVerificationResult result, string name) => Assert.Single(result.Checks, c => c.Name == name);
}
