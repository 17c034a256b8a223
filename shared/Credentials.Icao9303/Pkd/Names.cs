using System.Formats.Asn1;

namespace Credentials.Icao9303.Pkd;

/// <summary>Small helpers over DER Names (RFC 5280 §4.1.2.4).</summary>
internal static class Names
{
    /// <summary>The first countryName (2.5.4.6) attribute, upper-cased, or null.</summary>
    public static string? CountryOf(ReadOnlyMemory<byte> name)
    {
        try
        {
            var rdns = new AsnReader(name, AsnEncodingRules.BER).ReadSequence();
            while (rdns.HasData)
            {
                var set = rdns.ReadSetOf(skipSortOrderValidation: true);
                while (set.HasData)
                {
                    var attribute = set.ReadSequence();
                    if (attribute.ReadObjectIdentifier() == "2.5.4.6")
                    {
                        var tag = attribute.PeekTag();
                        return tag.TagClass == TagClass.Universal
                            ? attribute.ReadCharacterString((UniversalTagNumber)tag.TagValue).ToUpperInvariant()
                            : null;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is AsnContentException or ArgumentException)
        {
            return null;
        }

        return null;
    }
}
