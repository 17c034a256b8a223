using System.Formats.Asn1;

namespace Credentials.Icao9303.X509;

/// <summary>
/// The Document Type List extension of Document Signer certificates (2.23.136.1.1.6.2, Doc 9303 Part 12 §7.1.1.3):
/// <code>
/// DocumentTypeListSyntax ::= SEQUENCE { version DocumentTypeListVersion (v0), docTypeList SET OF DocumentType }
/// DocumentType ::= PrintableString (SIZE (1..2))   -- e.g. "P", "ID", "AC"
/// </code>
/// Real DSCs encode it in other ways too; those are accepted and named in <see cref="Deviations"/>
/// (<c>sequence-of</c> instead of SET OF, <c>types-without-set</c> (the strings directly in the outer SEQUENCE),
/// <c>utf8string</c> instead of PrintableString, <c>missing-version</c>).
/// </summary>
public sealed class DocumentTypeList
{
    public const string Oid = "2.23.136.1.1.6.2";

    private DocumentTypeList(IReadOnlyList<string> documentTypes, IReadOnlyList<string> deviations)
    {
        DocumentTypes = documentTypes;
        Deviations = deviations;
    }

    /// <summary>The document types, e.g. "P".</summary>
    public IReadOnlyList<string> DocumentTypes { get; }

    /// <summary>Names of the encoding variants tolerated while decoding (empty when conformant).</summary>
    public IReadOnlyList<string> Deviations { get; }

    private static bool IsString(Asn1Tag tag) =>
        tag.HasSameClassAndValue(new Asn1Tag(UniversalTagNumber.PrintableString))
        || tag.HasSameClassAndValue(new Asn1Tag(UniversalTagNumber.UTF8String));

    /// <summary>Decodes the extnValue contents.</summary>
    /// <exception cref="Icao9303FormatException">Not decodable even leniently (reason <c>x509.doctypelist-malformed</c>).</exception>
    public static DocumentTypeList Decode(ReadOnlyMemory<byte> extensionValue)
    {
        const string reason = "x509.doctypelist-malformed";
        var deviations = new List<string>();
        try
        {
            var outer = new AsnReader(extensionValue, AsnEncodingRules.BER);
            var sequence = outer.ReadSequence();
            if (outer.HasData)
            {
                throw new Icao9303FormatException(reason, "Trailing data after the Document Type List.");
            }

            if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                if (!sequence.TryReadInt32(out var version) || version != 0)
                {
                    throw new Icao9303FormatException(reason, "Document Type List version must be 0.");
                }
            }
            else
            {
                deviations.Add("missing-version");
            }

            AsnReader list;
            var tag = sequence.PeekTag();
            if (IsString(tag))
            {
                // Seen in real DSCs (e.g. ID, PH): the document types sit directly in the outer SEQUENCE.
                deviations.Add("types-without-set");
                list = sequence;
            }
            else if (tag.HasSameClassAndValue(Asn1Tag.SetOf))
            {
                list = sequence.ReadSetOf(skipSortOrderValidation: true);
            }
            else if (tag.HasSameClassAndValue(Asn1Tag.Sequence))
            {
                deviations.Add("sequence-of");
                list = sequence.ReadSequence();
            }
            else
            {
                throw new Icao9303FormatException(reason, "docTypeList is neither SET OF nor SEQUENCE OF.");
            }

            var types = new List<string>();
            while (list.HasData)
            {
                var itemTag = list.PeekTag();
                if (itemTag.HasSameClassAndValue(new Asn1Tag(UniversalTagNumber.PrintableString)))
                {
                    types.Add(list.ReadCharacterString(UniversalTagNumber.PrintableString));
                }
                else if (itemTag.HasSameClassAndValue(new Asn1Tag(UniversalTagNumber.UTF8String)))
                {
                    if (!deviations.Contains("utf8string"))
                    {
                        deviations.Add("utf8string");
                    }

                    types.Add(list.ReadCharacterString(UniversalTagNumber.UTF8String));
                }
                else
                {
                    throw new Icao9303FormatException(reason, $"Unexpected document type element {itemTag}.");
                }
            }

            if (sequence.HasData)
            {
                throw new Icao9303FormatException(reason, "Unexpected element after docTypeList.");
            }

            return new DocumentTypeList(types, deviations);
        }
        catch (AsnContentException ex)
        {
            throw new Icao9303FormatException(reason, $"Document Type List is not valid ASN.1: {ex.Message}", ex);
        }
    }
}
