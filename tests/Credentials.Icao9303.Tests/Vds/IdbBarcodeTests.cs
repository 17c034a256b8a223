using System.IO.Compression;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Vds;
using Credentials.Icao9303.Vds.Idb;

namespace Credentials.Icao9303.Tests.Vds;

public sealed class IdbBarcodeTests
{
    [Theory]
    [MemberData(nameof(PublicIdbBarcodes.All), MemberType = typeof(PublicIdbBarcodes))]
    public void Decode_PublicBarcode_ExactRoundTrip(string text)
    {
        var barcode = IdbBarcode.Decode(text);

        Assert.Equal(text, barcode.Encode());
        Assert.Equal(barcode.Payload.ToArray(), barcode.EncodePayload());
        Assert.Equal(text, IdbBarcode.Decode(barcode.EncodeBytes()).Encode());
        Assert.Equal(SealFormat.Idb, SealVerifier.DetectFormat(barcode.EncodeBytes()));
    }

    [Theory]
    [InlineData(PublicIdbBarcodes.SignedCompressed, true, true)]
    [InlineData(PublicIdbBarcodes.SignedCompressedDraft, true, true)]
    [InlineData(PublicIdbBarcodes.Signed, true, false)]
    [InlineData(PublicIdbBarcodes.UnsignedCompressed, false, true)]
    [InlineData(PublicIdbBarcodes.Unsigned, false, false)]
    public void Decode_VdstoolsSyntheticBarcodes_PayloadAsPublished(string text, bool signed, bool compressed)
    {
        var barcode = IdbBarcode.Decode(text);

        Assert.Equal(signed, barcode.IsSigned);
        Assert.Equal(compressed, barcode.IsCompressed);
        Assert.Equal(signed ? PublicIdbBarcodes.SignedPayloadHex : PublicIdbBarcodes.UnsignedPayloadHex, Convert.ToHexStringLower(barcode.Payload.Span));
        Assert.Equal("D<<", barcode.Header.CountryIdentifier);
        var message = Assert.Single(barcode.Messages);
        Assert.Equal(signed ? 0x04 : 0x05, message.Tag);
        Assert.Equal("b0b1b2b3b4b5b6b7b8b9babbbcbdbebf", Convert.ToHexStringLower(message.Value.Span));
        if (signed)
        {
            Assert.Equal(IdbSignatureAlgorithm.EcdsaSha256, barcode.Header.SignatureAlgorithm);
            Assert.Equal("0504030201", Convert.ToHexStringLower(barcode.Header.CertificateReference.Span));
            Assert.Equal(new DateOnly(2024, 10, 18), barcode.Header.SignatureCreationDate);
            Assert.Equal(IdbSignatureDateEncoding.MaskedFourBytes, barcode.Header.DateEncoding);
            Assert.Equal(56, barcode.Signature.Length);
            Assert.Equal(PublicIdbBarcodes.SignedPayloadHex[..(2 * (12 + 20))], Convert.ToHexStringLower(barcode.SignedData.Span));
        }
    }

    [Fact]
    public void Decode_CertifyingPermanentResidence_FieldsAsPublished()
    {
        var barcode = IdbBarcode.Decode(PublicIdbBarcodes.CertifyingPermanentResidence);

        Assert.Equal(IdbBarcode.BarcodeIdentifier, barcode.Identifier);
        Assert.Equal("D<<", barcode.Header.CountryIdentifier);
        Assert.Equal(IdbSignatureAlgorithm.EcdsaSha256, barcode.Header.SignatureAlgorithm);
        Assert.Equal(new DateOnly(2025, 2, 11), barcode.Header.SignatureCreationDate);
        Assert.Equal("a57a790577", Convert.ToHexStringLower(barcode.Header.CertificateReference.Span));
        Assert.Equal([0x82, 0x83, 0x86], barcode.Messages.Select(m => m.Tag));
        Assert.Equal("123456789", barcode.Find(0x82)!.ValueAsC40());
        Assert.Equal("ABC123456DEF", barcode.Find(0x83)!.ValueAsC40());
        Assert.Equal([0x10], barcode.Find(0x86)!.Value.ToArray());
        Assert.Equal(PublicIdbBarcodes.CertifyingPermanentResidenceSignatureZoneHex, "7f40" + Convert.ToHexStringLower(barcode.Signature.Span));
        Assert.True(barcode.SignerCertificate.IsEmpty);
        IdbMessageType.Validate(barcode);
    }

    [Fact]
    public void Decode_ProvisionalResidenceDocument_MrzTd2()
    {
        var barcode = IdbBarcode.Decode(PublicIdbBarcodes.ProvisionalResidenceDocument);

        var mrz = barcode.Find(0x81)!.ValueAsC40();
        Assert.Equal(72, mrz.Length);
        Assert.StartsWith("ABD<<RESIDORCE<<ROLAND<<", mrz, StringComparison.Ordinal);
        Assert.Equal("ABC123456DEF", barcode.Find(0x83)!.ValueAsC40());
        IdbMessageType.Validate(barcode);
    }

    [Fact]
    public void Decode_SupplementarySheet_MrzTd1AndDocumentNumber()
    {
        var barcode = IdbBarcode.Decode(PublicIdbBarcodes.SupplementarySheetResidencePermit);

        var mrz = barcode.Find(0x07)!.ValueAsC40();
        Assert.Equal(90, mrz.Length);
        Assert.StartsWith("AZD<<5W1ETCGE25<<", mrz, StringComparison.Ordinal);
        Assert.Equal("ABCDEFGHI", barcode.Find(0x85)!.ValueAsC40());
        Assert.Equal("5W1ETCGE2", barcode.Find(0x82)!.ValueAsC40());
        IdbMessageType.Validate(barcode);
    }

    [Fact]
    public void Decode_MirkotpCompressedCan_Fields()
    {
        var barcode = IdbBarcode.Decode(PublicIdbBarcodes.MirkotpCompressedCan);

        Assert.Equal(IdbBarcode.DraftBarcodeIdentifier, barcode.Identifier);
        Assert.False(barcode.IsSigned);
        Assert.True(barcode.IsCompressed);
        Assert.Equal("UTO", barcode.Header.CountryIdentifier);
        Assert.Equal("156782", Assert.Single(barcode.Messages, m => m.Tag == 0x09).ValueAsC40());
    }

    [Fact]
    public void Decode_MirkotpSignedExampleWithAsciiMask_MessageGroupMissing()
    {
        var ex = Assert.Throws<Icao9303FormatException>(() => IdbBarcode.Decode(PublicIdbBarcodes.MirkotpSignedAsciiMask));

        Assert.Equal("idb.message-group-missing", ex.Reason);
    }

    [Theory]
    [InlineData(IdbSignatureDateEncoding.ThreeBytes, 11)]
    [InlineData(IdbSignatureDateEncoding.MaskedFourBytes, 12)]
    public void Encode_SignedHeader_TrLengthOrMaskedDeviation(IdbSignatureDateEncoding encoding, int length)
    {
        var header = new IdbHeader
        {
            CountryIdentifier = "UTO",
            SignatureAlgorithm = IdbSignatureAlgorithm.EcdsaSha384,
            CertificateReference = new byte[] { 1, 2, 3, 4, 5 },
            SignatureCreationDate = new DateOnly(1957, 3, 25),
            DateEncoding = encoding,
        };

        var bytes = header.Encode();

        Assert.Equal(length, bytes.Length);
        Assert.Equal("319EF5", Convert.ToHexString(bytes[^3..])); // 03251957, as the Part 13 date example
        var barcode = IdbBarcode.Decode(IdbBarcode.Create(IdbBarcode.EncodeSignedData(header, [new IdbMessage(0x09, new byte[] { 1 })]), new byte[64]).Encode());
        Assert.Equal(header.DateEncoding, barcode.Header.DateEncoding);
        Assert.Equal(header.SignatureCreationDate, barcode.Header.SignatureCreationDate);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Create_SignedWithAndWithoutCertificate_RoundTrips(bool embed, bool compress)
    {
        using var pki = new SealTestPki();

        var barcode = IdbTestSeals.Signed(pki.SealSignerKey, pki.SealSigner, embed, compress: compress);
        var decoded = IdbBarcode.Decode(barcode.Encode());

        Assert.Equal(barcode.Encode(), decoded.Encode());
        Assert.Equal(compress ? 'D' : 'B', decoded.Encode()[4]);
        Assert.Equal(embed ? pki.SealSigner.RawData : [], decoded.SignerCertificate.ToArray());
        Assert.Equal(IdbTestSeals.Td3Mrz, decoded.Find(0x08)!.ValueAsC40());
        // The 11-byte header (country 2, algorithm 1, certificate reference 5, date 3), then the message group. The
        // reference is derived from the test's random signer certificate, so the tag's value may also occur in it.
        Assert.Equal((byte)IdbBarcode.MessageGroupTag, decoded.SignedData.Span[11]);
        using var publicKey = pki.SealSigner.GetECDsaPublicKey()!;
        Assert.True(publicKey.VerifyData(decoded.SignedData.Span, decoded.Signature.Span, System.Security.Cryptography.HashAlgorithmName.SHA256));
    }

    [Theory]
    [InlineData("ADB1ANK6GCEQFCCYLDMVTWS23NN5YXG5LXPF5X27Q", "idb.identifier-invalid")]
    [InlineData("RDB1ENK6GCEQFCCYLDMVTWS23NN5YXG5LXPF5X27Q", "idb.flag-invalid")]
    [InlineData("RDB1ank6GCEQFCCYLDMVTWS23NN5YXG5LXPF5X27Q", "idb.flag-invalid")]
    [InlineData("RDB1Ank6GCEQFCCYLDMVTWS23NN5YXG5LXPF5X27Q", "idb.base32-invalid")]
    [InlineData("RDB1ANK6GCEQFCCYLDMVTWS23NN5YXG5LXPF5X27Q======", "idb.base32-invalid")]
    [InlineData("RDB1ANK6GCEQFCCYLDMVTWS23NN5YXG5LXPF5X27R", "idb.base32-invalid")]
    [InlineData("RDB1ANK6GCEQFCCYLDMVTWS23NN5YXG5LXPF5X27QAA", "idb.base32-invalid")]
    [InlineData("RDB1CNK6GCEQFCCYLDMVTWS23NN5YXG5LXPF5X27Q", "idb.compression-invalid")]
    [InlineData("RDB1A", "idb.truncated")]
    [InlineData("RDB", "idb.truncated")]
    public void Decode_MalformedText_Reason(string text, string reason)
    {
        var ex = Assert.Throws<Icao9303FormatException>(() => IdbBarcode.Decode(text));

        Assert.Equal(reason, ex.Reason);
    }

    [Theory]
    [InlineData("6abc", false, "idb.message-group-missing")]
    [InlineData("6abc6100", false, "idb.message-empty")]
    [InlineData("6abc610309", false, "idb.truncated")]
    [InlineData("6abc6103090201", false, "idb.truncated")]
    [InlineData("6abc6103000101", false, "idb.message-tag-invalid")]
    [InlineData("6abc6106090101090101", false, "idb.message-duplicate")]
    [InlineData("6abc610309810101", false, "idb.length-invalid")]
    [InlineData("6abc61030901017f020102", false, "idb.signature-unexpected")]
    [InlineData("6abc61030901017e0130", false, "idb.signature-unexpected")]
    [InlineData("6abc6103090101ee", false, "idb.trailing-data")]
    [InlineData("6abc040102030405319ef561030901017f020102", true, "idb.signature-algorithm-unknown")]
    [InlineData("6abc010102030405ffffff61030901017f020102", true, "idb.date-invalid")]
    [InlineData("6abc010102030405319ef56103090101", true, "idb.signature-missing")]
    [InlineData("6abc010102030405319ef561030901017f0101", true, "idb.signature-invalid")]
    [InlineData("6abc010102030405319ef561030901017e007f020102", true, "idb.signer-certificate-invalid")]
    [InlineData("6abc010102030405319ef561030901017f02010203", true, "idb.trailing-data")]
    [InlineData("6abc0101020304", true, "idb.truncated")]
    [InlineData("6abc01010203040500319e", true, "idb.truncated")]
    public void Decode_MalformedPayload_Reason(string payloadHex, bool signed, string reason)
    {
        var text = "RDB1" + (signed ? 'B' : 'A') + IdbBase32Text(Convert.FromHexString(payloadHex));

        var ex = Assert.Throws<Icao9303FormatException>(() => IdbBarcode.Decode(text));

        Assert.Equal(reason, ex.Reason);
    }

    [Fact]
    public void Decode_DecompressionBomb_TooLarge()
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(Convert.FromHexString("6abc6182fff0")); // header and a message group claiming 65,520 bytes …
            zlib.Write(new byte[1_000_000]); // … and a megabyte of zeros behind it
        }

        var text = "RDB1C" + IdbBase32Text(output.ToArray());
        Assert.True(text.Length < IdbBarcode.MaxEncodedLength);

        var ex = Assert.Throws<Icao9303FormatException>(() => IdbBarcode.Decode(text));
        Assert.Equal("idb.too-large", ex.Reason);
    }

    [Fact]
    public void Decode_TooLongText_TooLarge()
    {
        var ex = Assert.Throws<Icao9303FormatException>(() => IdbBarcode.Decode("RDB1A" + new string('A', IdbBarcode.MaxEncodedLength)));

        Assert.Equal("idb.too-large", ex.Reason);
    }

    [Fact]
    public void Validate_UnknownAndNationalTypes_ReasonPerCountry()
    {
        var german = IdbBarcode.Decode(PublicIdbBarcodes.CertifyingPermanentResidence);
        IdbMessageType.Validate(german); // 0x82/0x83/0x86 are German national types

        var utopian = IdbBarcode.Create(IdbBarcode.EncodeSignedData(new IdbHeader { CountryIdentifier = "UTO" }, [new IdbMessage(0x86, new byte[] { 0x10 })]), default);
        Assert.Equal("idb.message-unknown", Assert.Throws<Icao9303FormatException>(() => IdbMessageType.Validate(utopian)).Reason);

        var shortMrz = IdbBarcode.Create(IdbBarcode.EncodeSignedData(new IdbHeader { CountryIdentifier = "UTO" }, [new IdbMessage(0x08, new byte[59])]), default);
        Assert.Equal("idb.message-length", Assert.Throws<Icao9303FormatException>(() => IdbMessageType.Validate(shortMrz)).Reason);
    }

    /// <summary>Base32 without padding written independently of the library (System.Convert has no base32): 5 bits a character.</summary>
    internal static string IdbBase32Text(byte[] data)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(data.Select(b => Convert.ToString(b, 2).PadLeft(8, '0')));
        bits = bits.PadRight((bits.Length + 4) / 5 * 5, '0');
        return string.Concat(Enumerable.Range(0, bits.Length / 5).Select(i => alphabet[Convert.ToInt32(bits.Substring(i * 5, 5), 2)]));
    }
}
