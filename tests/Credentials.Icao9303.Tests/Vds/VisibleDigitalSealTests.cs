using Credentials.Icao9303.Vds;

namespace Credentials.Icao9303.Tests.Vds;

public sealed class VisibleDigitalSealTests
{
    public static TheoryData<string, string> PublicSealHex => new()
    {
        { "visa", PublicSeals.Visa224BitSignature },
        { "etd", PublicSeals.EmergencyTravelDocument },
        { "residence-permit", PublicSeals.ResidencePermit },
        { "arrival-attestation-v3", PublicSeals.ArrivalAttestationV3 },
        { "social-insurance-v3", PublicSeals.SocialInsuranceV3 },
        { "address-sticker", PublicSeals.AddressStickerPassport },
    };

    [Theory]
    [MemberData(nameof(PublicSealHex))]
    public void Decode_PublicSeal_EncodesByteForByte(string name, string hex)
    {
        var bytes = PublicSeals.Bytes(hex);

        var seal = VisibleDigitalSeal.Decode(bytes);

        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(bytes, seal.Encode());
        Assert.Equal(bytes.AsSpan(0, seal.SignedData.Length).ToArray(), seal.SignedData.ToArray());
        Assert.Equal(VisibleDigitalSeal.SignatureMarker, bytes[seal.SignedData.Length]);
    }

    [Fact]
    public void Decode_TsengerVisa_HeaderAndFeaturesAsPublished()
    {
        var seal = VisibleDigitalSeal.Decode(PublicSeals.Bytes(PublicSeals.Visa224BitSignature));

        var header = seal.Header;
        Assert.Equal(VdsHeaderVersion.Version4, header.Version);
        Assert.Equal("UTO", header.IssuingCountry);
        Assert.Equal("DETS", header.SignerIdentifier);
        Assert.Equal("32", header.CertificateReference);
        Assert.Equal("DETS32", header.SignerCertificateReference);
        Assert.Equal(new DateOnly(2020, 1, 1), header.DocumentIssueDate);
        Assert.Equal(new DateOnly(2023, 8, 19), header.SignatureCreationDate);
        Assert.Same(VdsDocumentProfile.Visa, VdsDocumentProfile.Find(header));
        Assert.Equal([0x02, 0x04, 0x05], seal.Features.Select(f => f.Tag));
        var mrz = seal.Find(0x02)!.ValueAsC40();
        Assert.Equal(64, mrz.Length); // 21 C40 groups and one unlatched character (0xFE)
        Assert.StartsWith("VCD<<", mrz, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0xA0, 0x00, 0x00 }, seal.Find(0x04)!.Value.ToArray());
        Assert.Equal(9, seal.Find(0x05)!.ValueAsC40().Length);
        Assert.Equal(56, seal.Signature.Length);
        VdsDocumentProfile.Visa.Validate(seal.Features);
    }

    [Fact]
    public void Decode_ArrivalAttestationV3_ReadsNineCharacterSignerReference()
    {
        var seal = VisibleDigitalSeal.Decode(PublicSeals.Bytes(PublicSeals.ArrivalAttestationV3));

        Assert.Equal(VdsHeaderVersion.Version3, seal.Header.Version);
        Assert.Equal("DETS", seal.Header.SignerIdentifier);
        Assert.Equal(5, seal.Header.CertificateReference.Length);
        Assert.Same(VdsDocumentProfile.ArrivalAttestation, VdsDocumentProfile.Find(seal.Header));
        VdsDocumentProfile.ArrivalAttestation.Validate(seal.Features);
        Assert.Equal(12, seal.Find(0x03)!.ValueAsC40().Length);
    }

    [Fact]
    public void Decode_EmergencyTravelDocumentAndResidencePermit_MatchTheirProfiles()
    {
        var etd = VisibleDigitalSeal.Decode(PublicSeals.Bytes(PublicSeals.EmergencyTravelDocument));
        var permit = VisibleDigitalSeal.Decode(PublicSeals.Bytes(PublicSeals.ResidencePermit));

        Assert.Same(VdsDocumentProfile.EmergencyTravelDocument, VdsDocumentProfile.Find(etd.Header));
        VdsDocumentProfile.EmergencyTravelDocument.Validate(etd.Features);
        Assert.Equal(72, etd.Find(0x02)!.ValueAsC40().Length);
        Assert.Same(VdsDocumentProfile.ResidencePermit, VdsDocumentProfile.Find(permit.Header));
        VdsDocumentProfile.ResidencePermit.Validate(permit.Features);
        Assert.Equal(64, permit.Signature.Length);
    }

    [Fact]
    public void Decode_SocialInsurance_HasNoKnownProfile()
    {
        var seal = VisibleDigitalSeal.Decode(PublicSeals.Bytes(PublicSeals.SocialInsuranceV3));

        Assert.Null(VdsDocumentProfile.Find(seal.Header));
        Assert.Equal(0xFC, seal.Header.DocumentFeatureDefinitionReference);
    }

    [Fact]
    public void EncodeSignedData_BuiltSeal_DecodesToSameFields()
    {
        var header = new VdsHeader
        {
            Version = VdsHeaderVersion.Version4,
            IssuingCountry = "UTO",
            SignerIdentifier = "UTSS",
            CertificateReference = "1A2B3",
            DocumentIssueDate = new DateOnly(2026, 12, 6),
            SignatureCreationDate = new DateOnly(2026, 12, 6),
            DocumentFeatureDefinitionReference = 0x5D,
            DocumentTypeCategory = 0x01,
        };
        VdsFeature[] features =
        [
            VdsFeature.FromC40(0x02, "VCUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<L898902C<3UTO6908061F9406236ZE184226"[..66]),
            new(0x04, new byte[] { 30, 0, 0 }),
            VdsFeature.FromC40(0x05, "L898902C<"),
        ];
        var signedData = VisibleDigitalSeal.EncodeSignedData(header, features);

        var seal = VisibleDigitalSeal.Create(signedData, new byte[64]);

        Assert.Equal(header, seal.Header);
        Assert.Equal(signedData, seal.SignedData.ToArray());
        VdsDocumentProfile.Visa.Validate(seal.Features);
        Assert.Equal("L898902C<", seal.Find(0x05)!.ValueAsC40());
        Assert.Equal(seal.Encode(), VisibleDigitalSeal.Decode(seal.Encode()).Encode());
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("A", "FE42")]
    [InlineData("AB", "59D9")]
    [InlineData("D<<", "6ABC")]
    [InlineData("UTO", "D9C5")]
    [InlineData("DETS0232", "6D32C8A72CB1")]
    public void Encode_C40Examples_MatchBytes(string text, string hex)
    {
        var encoded = C40.Encode(text);

        Assert.Equal(hex, Convert.ToHexString(encoded));
        Assert.Equal(text, C40.Decode(encoded));
    }

    [Fact]
    public void Write_VdsDate_IsMmddyyyyInThreeBytes()
    {
        var bytes = new byte[3];

        VdsDate.Write(new DateOnly(1957, 3, 25), bytes);

        Assert.Equal("319EF5", Convert.ToHexString(bytes));
        Assert.Equal(new DateOnly(1957, 3, 25), VdsDate.Read(bytes));
    }
}
