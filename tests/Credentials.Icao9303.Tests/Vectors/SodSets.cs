using Credentials.Testing;
using System.Formats.Asn1;

namespace Credentials.Icao9303.Tests.Vectors;

/// <summary>The SOD sets of the shared vectors and small helpers to read them.</summary>
internal static class SodSets
{
    /// <summary>Real-country SOD sets whose DSC chains to the CSCA.cer shipped with the set.</summary>
    public static readonly string[] WithCsca =
    [
        "gmrtd-pa-AT", "gmrtd-pa-AU", "gmrtd-pa-CN", "gmrtd-pa-DE", "gmrtd-pa-FI", "gmrtd-pa-FR", "gmrtd-pa-ID",
        "gmrtd-pa-MY", "gmrtd-pa-NZ", "gmrtd-pa-PH", "gmrtd-pa-RU", "gmrtd-pa-SG", "gmrtd-pa-UK", "gmrtd-pa-US",
        "gmrtd-uk-full", "pymrtd-etsi-eacaa", "zeropass-si-454CB206",
    ];

    /// <summary>Every positive set (signature verifies with the embedded DSC).</summary>
    public static readonly string[] All =
    [
        .. WithCsca, "jmrtd-bsi2008-mustermann", "jmrtd-loes2006-nl", "jmrtd-nz2013", "pymrtd-bsi-tr03105-5",
    ];

    public static IEnumerable<ITheoryDataRow> AllData() => IcaoVectors.Rows(new TheoryData<string>(All));

    public static IEnumerable<ITheoryDataRow> WithCscaData() => IcaoVectors.Rows(new TheoryData<string>(WithCsca));

    /// <summary>Strips the EF.SOD application tag 0x77 and returns the ContentInfo.</summary>
    public static byte[] ContentInfoOf(byte[] efSod)
    {
        var reader = new AsnReader(efSod, AsnEncodingRules.BER);
        var inner = reader.ReadSequence(new Asn1Tag(TagClass.Application, 23, true));
        return inner.ReadEncodedValue().ToArray();
    }
}
