using System.Formats.Asn1;
using System.Text;
using Credentials.Icao9303.Asn1;

namespace Credentials.Icao9303.Lds.DataGroups;

/// <summary>
/// DG16, persons to notify (Doc 9303 Part 10 section 4.7.16): <c>70 { 02 count, A1 { 5F50 date recorded,
/// 5F51 name, 5F52 telephone, 5F53 address } ... }</c>.
/// </summary>
public sealed class DataGroup16
{
    /// <summary>Creates DG16.</summary>
    public DataGroup16(IEnumerable<PersonToNotify> persons) => Persons = persons.ToList();

    /// <summary>The persons to notify.</summary>
    public IReadOnlyList<PersonToNotify> Persons { get; }

    /// <summary>Decodes DG16.</summary>
    /// <exception cref="Icao9303FormatException">Reason <c>lds.dg16</c>.</exception>
    public static DataGroup16 Decode(ReadOnlyMemory<byte> file)
    {
        var template = LdsFile.Open(file, LdsFile.DataGroupTag(16), "lds.dg16", "DG16");
        return Asn1Decoding.Decode("lds.dg16", "DG16", () =>
        {
            var count = Asn1Decoding.ReadSmallInteger(template, "lds.dg16", "number of persons");
            if (count > 16)
            {
                throw new Icao9303FormatException("lds.dg16", $"DG16 declares {count} persons.");
            }

            var persons = new List<PersonToNotify>();
            for (var i = 0; i < count; i++)
            {
                var person = template.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1 + i, true));
                var elements = LdsElements.Read(person, "lds.dg16");
                persons.Add(new PersonToNotify(
                    LdsElements.Text(elements, 0x50) ?? string.Empty,
                    LdsElements.Text(elements, 0x51) ?? string.Empty,
                    LdsElements.Text(elements, 0x52) ?? string.Empty,
                    LdsElements.Text(elements, 0x53) ?? string.Empty));
            }

            Asn1Decoding.EnsureEnd(template, "lds.dg16", "DG16");
            return new DataGroup16(persons);
        });
    }

    /// <summary>DER encoding.</summary>
    public byte[] Encode() => LdsFile.Wrap(LdsFile.DataGroupTag(16), w =>
    {
        w.WriteInteger(Persons.Count);
        for (var i = 0; i < Persons.Count; i++)
        {
            var p = Persons[i];
            using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1 + i, true)))
            {
                w.WriteOctetString(Encoding.UTF8.GetBytes(p.DateRecorded), LdsElements.App(0x50));
                w.WriteOctetString(Encoding.UTF8.GetBytes(p.Name), LdsElements.App(0x51));
                w.WriteOctetString(Encoding.UTF8.GetBytes(p.Telephone), LdsElements.App(0x52));
                w.WriteOctetString(Encoding.UTF8.GetBytes(p.Address), LdsElements.App(0x53));
            }
        }
    });
}
