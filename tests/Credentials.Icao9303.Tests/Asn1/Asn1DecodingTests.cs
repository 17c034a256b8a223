using System.Formats.Asn1;
using Credentials.Icao9303.Asn1;

namespace Credentials.Icao9303.Tests.Asn1;

/// <summary>
/// The allocation-saving readers of <see cref="Asn1Decoding"/> must read exactly what <see cref="AsnReader"/> reads:
/// same value, same position afterwards, same exception (type and message) for bad input.
/// </summary>
public sealed class Asn1DecodingTests
{
    public static TheoryData<string> SampleOids => new(
        Icao9303.Crypto.Oids.SignedData, Icao9303.Crypto.Oids.LdsSecurityObject, Icao9303.Crypto.Oids.Sha256, Icao9303.Crypto.Oids.Sha224, Icao9303.Crypto.Oids.MessageDigestAttribute,
        Icao9303.Crypto.Oids.EcdsaWithSha256, Icao9303.Crypto.Oids.RsassaPss, Icao9303.Crypto.Oids.EcdsaPlainSha512,
        "1.2.840.113549.1.9.16.2.47", "2.5.4.3", "1.2.840.10045.3.1.7");

    [Theory]
    [MemberData(nameof(SampleOids))]
    public void ReadObjectIdentifier_DerOid_AsAsnReader(string oid)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteObjectIdentifier(oid);
        writer.WriteNull();
        var encoded = writer.Encode();

        var ours = new AsnReader(encoded, AsnEncodingRules.BER);
        var theirs = new AsnReader(encoded, AsnEncodingRules.BER);
        Assert.Equal(theirs.ReadObjectIdentifier(), Asn1Decoding.ReadObjectIdentifier(ours));
        Assert.Equal(theirs.PeekEncodedValue().ToArray(), ours.PeekEncodedValue().ToArray());
    }

    [Theory]
    [InlineData("06 81 09 60 86 48 01 65 03 04 02 01")] // SHA-256 with a long-form length (BER)
    [InlineData("06 09 60 86 48 01 65 03 04 02")] // truncated
    [InlineData("06 00")] // empty
    [InlineData("06 09 80 86 48 01 65 03 04 02 01")] // leading 0x80 in a sub-identifier
    [InlineData("04 09 60 86 48 01 65 03 04 02 01")] // an OCTET STRING with SHA-256's content
    [InlineData("26 0B 06 09 60 86 48 01 65 03 04 02 01")] // constructed
    [InlineData("")]
    public void ReadObjectIdentifier_OtherEncodings_AsAsnReader(string hex)
    {
        var encoded = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
        var expected = Outcome(() => new AsnReader(encoded, AsnEncodingRules.BER).ReadObjectIdentifier());
        var actual = Outcome(() => Asn1Decoding.ReadObjectIdentifier(new AsnReader(encoded, AsnEncodingRules.BER)));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ReadOctetStringValue_PrimitiveAndConstructed_AsAsnReader()
    {
        byte[] primitive = [0x04, 0x03, 0x01, 0x02, 0x03];
        byte[] constructed = [0x24, 0x80, 0x04, 0x01, 0x01, 0x04, 0x02, 0x02, 0x03, 0x00, 0x00];
        foreach (var encoded in new[] { primitive, constructed })
        {
            Assert.Equal(
                new AsnReader(encoded, AsnEncodingRules.BER).ReadOctetString(),
                Asn1Decoding.ReadOctetStringValue(new AsnReader(encoded, AsnEncodingRules.BER)).ToArray());
        }
    }

    [Theory]
    [InlineData("04 05 01 02 03")] // truncated
    [InlineData("04 81 03 01 02 03")] // long-form length (BER)
    [InlineData("24 80 04 01 01 04 02 02")] // indefinite constructed, unterminated
    [InlineData("24 03 02 01 01")] // constructed around an INTEGER
    [InlineData("06 03 01 02 03")] // not an OCTET STRING
    [InlineData("")]
    public void ReadOctetStringValue_OtherEncodings_AsAsnReader(string hex)
    {
        var encoded = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
        var expected = Outcome(() => Convert.ToHexString(new AsnReader(encoded, AsnEncodingRules.BER).ReadOctetString()));
        var actual = Outcome(() => Convert.ToHexString(Asn1Decoding.ReadOctetStringValue(new AsnReader(encoded, AsnEncodingRules.BER)).Span));
        Assert.Equal(expected, actual);
    }

    private static string Outcome(Func<string> read)
    {
        try
        {
            return "value " + read();
        }
        catch (AsnContentException ex)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }
}
