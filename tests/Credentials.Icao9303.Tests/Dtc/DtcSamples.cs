using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Dtc;

namespace Credentials.Icao9303.Tests.Dtc;

/// <summary>Synthetic DTC parts: LDS-shaped data groups and an EF.SOD-shaped blob (the DTC layer treats both as opaque).</summary>
internal static class DtcSamples
{
    public static byte[] DataGroup(int number, int size, int seed)
    {
        var content = new byte[size];
        new Random(seed).NextBytes(content);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteOctetString(content, new Asn1Tag(TagClass.Application, number == 1 ? 1 : 0x60 + number, isConstructed: true));
        return writer.Encode();
    }

    public static Dictionary<int, byte[]> DataGroups(params int[] numbers) =>
        numbers.ToDictionary(n => n, n => DataGroup(n, n == 2 ? 4000 : 90, n));

    public static byte[] SecurityObject()
    {
        var body = new byte[1500];
        new Random(77).NextBytes(body);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteOctetString(body, new Asn1Tag(TagClass.Application, 23, isConstructed: true));
        return writer.Encode();
    }

    public static DtcContentInfo EmrtdBound() => DtcContentInfo.EmrtdBound(SecurityObject(), DataGroups(1, 2, 11, 14));

    /// <summary>A PC-bound (or eMRTD-PC-bound when <paramref name="withSod"/>) DTC signed with a throw-away P-256 key.</summary>
    public static DtcContentInfo Signed(bool withSod)
    {
        var data = new DtcData(withSod ? SecurityObject() : null, DataGroups(1, 2));
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var tbs = DtcTbsValues.ForData(data, from, from.AddDays(90), new byte[] { 1, 2, 3, 4 });
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=DTC Signer Test,C=UT", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(from, from.AddYears(1));
        var signature = key.SignData(tbs.Encode(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var algorithm = new AsnWriter(AsnEncodingRules.DER);
        algorithm.PushSequence();
        algorithm.WriteObjectIdentifier("1.2.840.10045.4.3.2");
        algorithm.PopSequence();
        return new DtcContentInfo(data, tbs, new DtcSignerInfo(certificate.RawData, algorithm.Encode(), signature));
    }
}
