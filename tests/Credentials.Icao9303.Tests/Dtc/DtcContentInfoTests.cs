using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Dtc;

namespace Credentials.Icao9303.Tests.Dtc;

public sealed class DtcContentInfoTests
{
    [Fact]
    public void Decode_EmrtdBound_RoundTripsByteForByte()
    {
        var dtc = DtcSamples.EmrtdBound();
        var der = dtc.Encode();

        var decoded = DtcContentInfo.Decode(der);

        Assert.Equal(DtcBindingKind.EmrtdBound, decoded.Binding);
        Assert.Null(decoded.Tbs);
        Assert.Null(decoded.SignerInfo);
        Assert.Equal(DtcSamples.SecurityObject(), decoded.Data.SecurityObject);
        Assert.Equal([1, 2, 11, 14], decoded.Data.DataGroups.Keys);
        Assert.Equal(DtcSamples.DataGroup(11, 90, 11), decoded.Data.DataGroups[11]);
        Assert.Equal(der, decoded.Encode());
    }

    [Fact]
    public void Encode_EmrtdBound_HasVersionOneAndImplicitOctetStrings()
    {
        var der = DtcSamples.EmrtdBound().Encode();

        var reader = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        Assert.True(reader.TryReadInt32(out var version));
        Assert.Equal(1, version);
        var data = reader.ReadSequence();
        Assert.Equal(new Asn1Tag(TagClass.ContextSpecific, 0), data.PeekTag());
        Assert.Equal(DtcSamples.SecurityObject(), data.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 0)));
        Assert.Equal(new Asn1Tag(TagClass.ContextSpecific, 1), data.PeekTag());
        Assert.False(reader.HasData);
    }

    [Fact]
    public void Encode_SameInputsTwice_IsDeterministic()
    {
        var first = DtcContentInfo.EmrtdBound(DtcSamples.SecurityObject(), DtcSamples.DataGroups(14, 2, 1)).Encode();
        var second = DtcContentInfo.EmrtdBound(DtcSamples.SecurityObject(), DtcSamples.DataGroups(1, 2, 14)).Encode();

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData(true, DtcBindingKind.EmrtdPcBound)]
    [InlineData(false, DtcBindingKind.PcBound)]
    public void Decode_SignedProfile_RoundTripsAndSignatureVerifies(bool withSod, DtcBindingKind binding)
    {
        var der = DtcSamples.Signed(withSod).Encode();

        var decoded = DtcContentInfo.Decode(der);

        Assert.Equal(binding, decoded.Binding);
        Assert.Equal(der, decoded.Encode());
        Assert.Equal("1.2.840.10045.4.3.2", decoded.SignerInfo!.SignatureAlgorithmOid);
        Assert.Equal(SHA256.HashData(decoded.Data.Encode()), decoded.Tbs!.Find(DtcTbsValueType.DtcDataDigest)!.Value.ToArray());
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), decoded.Tbs.ValidFrom);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), decoded.Tbs.ValidUntil);
        using var certificate = X509CertificateLoader.LoadCertificate(decoded.SignerInfo.SignerCertificate);
        using var key = certificate.GetECDsaPublicKey()!;
        Assert.True(key.VerifyData(decoded.Tbs.Encode(), decoded.SignerInfo.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void Decode_UnknownExtensionElement_IsKeptAndReEncoded()
    {
        var data = new DtcData(
            DtcSamples.SecurityObject(),
            DtcSamples.DataGroups(1, 2),
            securityInfo: new byte[] { 0x31, 0x00 },
            otherInfos: new byte[] { 0x30, 0x03, 0x02, 0x01, 0x05 },
            extensions: [new DtcExtension(18, new byte[] { 0x92, 0x01, 0xAA }), new DtcExtension(30, new byte[] { 0x9E, 0x00 })]);
        var der = new DtcContentInfo(data).Encode();

        var decoded = DtcContentInfo.Decode(der);

        Assert.Equal([18, 30], decoded.Data.Extensions.Select(e => e.TagNumber));
        Assert.Equal(new byte[] { 0x31, 0x00 }, decoded.Data.SecurityInfo);
        Assert.Equal(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x05 }, decoded.Data.OtherInfos);
        Assert.Equal(der, decoded.Encode());
    }

    [Fact]
    public void Decode_TrailingData_ThrowsTrailingData()
    {
        byte[] der = [.. DtcSamples.EmrtdBound().Encode(), 0x00];

        var error = Assert.Throws<Icao9303FormatException>(() => DtcContentInfo.Decode(der));

        Assert.Equal("dtc.content-info.trailing-data", error.Reason);
    }

    [Fact]
    public void Decode_VersionTwo_ThrowsVersion()
    {
        var der = Build(w => w.WriteInteger(2), w => new DtcData(DtcSamples.SecurityObject(), DtcSamples.DataGroups(1, 2)).WriteTo(w));

        Assert.Equal("dtc.content-info.version", Assert.Throws<Icao9303FormatException>(() => DtcContentInfo.Decode(der)).Reason);
    }

    [Fact]
    public void Decode_MissingDg2_ThrowsDgMissing()
    {
        var der = Build(w => w.WriteInteger(1), w => RawData(w, (0, DtcSamples.SecurityObject()), (1, DtcSamples.DataGroup(1, 90, 1))));

        Assert.Equal("dtc.data.dg-missing", Assert.Throws<Icao9303FormatException>(() => DtcContentInfo.Decode(der)).Reason);
    }

    [Fact]
    public void Decode_DataGroupsOutOfOrder_ThrowsOrder()
    {
        var der = Build(w => w.WriteInteger(1), w => RawData(w, (2, DtcSamples.DataGroup(2, 90, 2)), (1, DtcSamples.DataGroup(1, 90, 1))));

        Assert.Equal("dtc.data.order", Assert.Throws<Icao9303FormatException>(() => DtcContentInfo.Decode(der)).Reason);
    }

    [Fact]
    public void Decode_DuplicateDataGroup_ThrowsOrder()
    {
        var dg1 = DtcSamples.DataGroup(1, 90, 1);
        var der = Build(w => w.WriteInteger(1), w => RawData(w, (1, dg1), (1, dg1), (2, DtcSamples.DataGroup(2, 90, 2))));

        Assert.Equal("dtc.data.order", Assert.Throws<Icao9303FormatException>(() => DtcContentInfo.Decode(der)).Reason);
    }

    [Fact]
    public void Decode_EmptyDataGroup_ThrowsEmpty()
    {
        var der = Build(w => w.WriteInteger(1), w => RawData(w, (1, []), (2, DtcSamples.DataGroup(2, 90, 2))));

        Assert.Equal("dtc.data.empty", Assert.Throws<Icao9303FormatException>(() => DtcContentInfo.Decode(der)).Reason);
    }

    [Fact]
    public void Decode_UniversalTagInsideData_ThrowsTag()
    {
        var der = Build(w => w.WriteInteger(1), w =>
        {
            w.PushSequence();
            w.WriteOctetString(DtcSamples.DataGroup(1, 90, 1));
            w.PopSequence();
        });

        Assert.Equal("dtc.data.tag", Assert.Throws<Icao9303FormatException>(() => DtcContentInfo.Decode(der)).Reason);
    }

    [Fact]
    public void Decode_NoSodAndNoSignature_ThrowsBinding()
    {
        var der = Build(w => w.WriteInteger(1), w => RawData(w, (1, DtcSamples.DataGroup(1, 90, 1)), (2, DtcSamples.DataGroup(2, 90, 2))));

        Assert.Equal("dtc.content-info.binding", Assert.Throws<Icao9303FormatException>(() => DtcContentInfo.Decode(der)).Reason);
    }

    [Fact]
    public void Decode_TbsWithoutSignerInfo_ThrowsBinding()
    {
        var signed = DtcSamples.Signed(withSod: true);
        var der = Build(w => w.WriteInteger(1), w => signed.Data.WriteTo(w), w =>
        {
            var tag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
            w.PushSequence(tag);
            signed.Tbs!.WriteTo(w);
            w.PopSequence(tag);
        });

        Assert.Equal("dtc.content-info.binding", Assert.Throws<Icao9303FormatException>(() => DtcContentInfo.Decode(der)).Reason);
    }

    [Fact]
    public void Decode_UnknownTopLevelElement_ThrowsTrailingElements()
    {
        var der = Build(w => w.WriteInteger(1), w => new DtcData(DtcSamples.SecurityObject(), DtcSamples.DataGroups(1, 2)).WriteTo(w), w => w.WriteNull());

        Assert.Equal("dtc.content-info.trailing-elements", Assert.Throws<Icao9303FormatException>(() => DtcContentInfo.Decode(der)).Reason);
    }

    [Fact]
    public void Decode_TwoTbsValues_ThrowsCount()
    {
        var der = Build(w => w.WriteInteger(1), w => new DtcData(DtcSamples.SecurityObject(), DtcSamples.DataGroups(1, 2)).WriteTo(w), w =>
        {
            var tag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
            w.PushSequence(tag);
            w.PushSequence();
            foreach (var type in new[] { 1, 2 })
            {
                w.PushSequence();
                w.WriteInteger(type);
                w.WriteOctetString(new byte[32]);
                w.PopSequence();
            }

            w.PopSequence();
            w.PopSequence(tag);
        });

        Assert.Equal("dtc.tbs.count", Assert.Throws<Icao9303FormatException>(() => DtcContentInfo.Decode(der)).Reason);
    }

    [Fact]
    public void Decode_BerIndefiniteLength_Throws()
    {
        var der = DtcSamples.EmrtdBound().Encode();
        byte[] ber = [0x30, 0x80, .. der[HeaderLength(der)..], 0x00, 0x00];

        Assert.StartsWith("dtc.content-info", Assert.Throws<Icao9303FormatException>(() => DtcContentInfo.Decode(ber)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_DeclaredLengthBeyondInput_ThrowsWithoutAllocating()
    {
        byte[] der = [0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xF0, 0x02, 0x01, 0x01];

        Assert.Throws<Icao9303FormatException>(() => DtcContentInfo.Decode(der));
    }

    [Fact]
    public void Decode_AboveContentInfoLimit_ThrowsSize()
    {
        var der = DtcSamples.EmrtdBound().Encode();

        var error = Assert.Throws<Icao9303FormatException>(() => DtcContentInfo.Decode(der, new DtcLimits { MaxContentInfoBytes = der.Length - 1 }));

        Assert.Equal("dtc.content-info.size", error.Reason);
    }

    [Fact]
    public void Decode_DataGroupAboveLimit_ThrowsTooLarge()
    {
        var der = DtcSamples.EmrtdBound().Encode();

        var error = Assert.Throws<Icao9303FormatException>(() => DtcContentInfo.Decode(der, new DtcLimits { MaxDataGroupBytes = 1000 }));

        Assert.Equal("dtc.data.too-large", error.Reason);
    }

    [Fact]
    public void Decode_Empty_ThrowsSize()
    {
        Assert.Equal("dtc.content-info.size", Assert.Throws<Icao9303FormatException>(() => DtcContentInfo.Decode(ReadOnlyMemory<byte>.Empty)).Reason);
    }

    [Fact]
    public void Constructor_MissingDg1_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DtcData(DtcSamples.SecurityObject(), DtcSamples.DataGroups(2, 3)));
    }

    [Fact]
    public void Constructor_DataGroup17_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DtcData(DtcSamples.SecurityObject(), DtcSamples.DataGroups(1, 2, 17)));
    }

    private static int HeaderLength(byte[] der) => (der[1] & 0x80) == 0 ? 2 : 2 + (der[1] & 0x7F);

    private static byte[] Build(params Action<AsnWriter>[] elements)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.PushSequence();
        foreach (var element in elements)
        {
            element(writer);
        }

        writer.PopSequence();
        return writer.Encode();
    }

    private static void RawData(AsnWriter writer, params (int Tag, byte[] Content)[] elements)
    {
        writer.PushSequence();
        foreach (var (tag, content) in elements)
        {
            writer.WriteOctetString(content, new Asn1Tag(TagClass.ContextSpecific, tag));
        }

        writer.PopSequence();
    }
}
