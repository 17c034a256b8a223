using System.Formats.Asn1;
using System.Text;
using Credentials.Icao9303.Asn1;
using Credentials.Icao9303.Mrz;

namespace Credentials.Icao9303.Lds.DataGroups;

/// <summary>
/// DG1, the MRZ (Doc 9303 Part 10 section 4.7.1): <c>61 L { 5F1F L &lt;MRZ characters, lines concatenated&gt; }</c>.
/// </summary>
public sealed class DataGroup1
{
    private static readonly Asn1Tag MrzTag = new(TagClass.Application, 0x1F);

    /// <summary>Creates DG1 for an MRZ.</summary>
    public DataGroup1(MachineReadableZone mrz)
    {
        ArgumentNullException.ThrowIfNull(mrz);
        Mrz = mrz;
    }

    /// <summary>The MRZ.</summary>
    public MachineReadableZone Mrz { get; }

    /// <summary>Decodes DG1.</summary>
    /// <exception cref="Icao9303FormatException">Reasons <c>lds.dg1</c>, <c>mrz.*</c>.</exception>
    public static DataGroup1 Decode(ReadOnlyMemory<byte> file)
    {
        var template = LdsFile.Open(file, LdsFile.DataGroupTag(1), "lds.dg1", "DG1");
        var text = Asn1Decoding.Decode("lds.dg1", "DG1", () =>
        {
            var bytes = template.ReadOctetString(MrzTag);
            Asn1Decoding.EnsureEnd(template, "lds.dg1", "DG1");
            return Encoding.ASCII.GetString(bytes);
        });
        return new DataGroup1(MachineReadableZone.Parse(text));
    }

    /// <summary>DER encoding.</summary>
    public byte[] Encode() => LdsFile.Wrap(LdsFile.DataGroupTag(1), w => w.WriteOctetString(Encoding.ASCII.GetBytes(Mrz.Text), MrzTag));
}
