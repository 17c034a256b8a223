using Credentials.Icao9303.Asn1;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Lds.DataGroups;

/// <summary>
/// DG15, the Active Authentication public key (Doc 9303 Part 10 section 4.7.15 and Part 11 section 6.1):
/// <c>6F L { SubjectPublicKeyInfo }</c>, RSA or EC.
/// </summary>
public sealed class DataGroup15
{
    /// <summary>Creates DG15 from a DER SubjectPublicKeyInfo.</summary>
    public DataGroup15(ReadOnlyMemory<byte> subjectPublicKeyInfo)
    {
        SubjectPublicKeyInfo = subjectPublicKeyInfo;
    }

    /// <summary>The public key (DER SubjectPublicKeyInfo).</summary>
    public ReadOnlyMemory<byte> SubjectPublicKeyInfo { get; }

    /// <summary>Decodes DG15 and checks that the key loads.</summary>
    /// <exception cref="Icao9303FormatException">Reasons <c>lds.dg15</c>, <c>crypto.*</c>.</exception>
    public static DataGroup15 Decode(ReadOnlyMemory<byte> file)
    {
        var template = LdsFile.Open(file, LdsFile.DataGroupTag(15), "lds.dg15", "DG15");
        var spki = Asn1Decoding.Decode("lds.dg15", "DG15", () =>
        {
            var value = template.ReadEncodedValue();
            Asn1Decoding.EnsureEnd(template, "lds.dg15", "DG15");
            return value;
        });
        using var key = VerificationKey.FromSubjectPublicKeyInfo(spki);
        return new DataGroup15(spki);
    }

    /// <summary>DER encoding.</summary>
    public byte[] Encode() => LdsFile.Wrap(LdsFile.DataGroupTag(15), w => w.WriteEncodedValue(SubjectPublicKeyInfo.Span));
}
