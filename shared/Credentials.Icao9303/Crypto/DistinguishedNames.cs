using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Credentials.Icao9303.Crypto;

/// <summary>
/// Comparison and display of X.501 <c>Name ::= SEQUENCE OF RelativeDistinguishedName</c>.
/// Real SODs name the DSC issuer with attributes in another order or another string type than the certificate
/// (e.g. the Malaysian SOD in the test vectors), so <see cref="AreEquivalent"/> compares names as multisets of
/// (attribute type, case- and space-normalised value), the tolerant match Doc 9303 Part 12 implementations use in practice.
/// </summary>
public static class DistinguishedNames
{
    /// <summary>True when two DER Names hold the same attributes, regardless of RDN order, string type, case or repeated spaces.</summary>
    public static bool AreEquivalent(ReadOnlyMemory<byte> a, ReadOnlyMemory<byte> b)
    {
        if (a.Span.SequenceEqual(b.Span))
        {
            return true;
        }

        var left = Canonical(a);
        var right = Canonical(b);
        return left is not null && right is not null && left.SequenceEqual(right, StringComparer.Ordinal);
    }

    /// <summary>RFC 4514-style display of a DER Name (most significant RDN last, as OpenSSL -nameopt RFC2253).</summary>
    public static string Format(ReadOnlyMemory<byte> name)
    {
        try
        {
            return new X500DistinguishedName(name.Span).Name;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return Convert.ToHexString(name.Span);
        }
    }

    private static List<string>? Canonical(ReadOnlyMemory<byte> name)
    {
        try
        {
            var result = new List<string>();
            var reader = new AsnReader(name, AsnEncodingRules.BER);
            var sequence = reader.ReadSequence();
            while (sequence.HasData)
            {
                var rdn = sequence.ReadSetOf(skipSortOrderValidation: true);
                while (rdn.HasData)
                {
                    var attribute = rdn.ReadSequence();
                    var type = attribute.ReadObjectIdentifier();
                    var value = ReadString(attribute);
                    result.Add(type + "=" + Normalise(value));
                    if (result.Count > 64)
                    {
                        return null;
                    }
                }
            }

            result.Sort(StringComparer.Ordinal);
            return result;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    private static string ReadString(AsnReader attribute)
    {
        var tag = attribute.PeekTag();
        if (tag.TagClass == TagClass.Universal)
        {
            switch ((UniversalTagNumber)tag.TagValue)
            {
                case UniversalTagNumber.PrintableString:
                case UniversalTagNumber.UTF8String:
                case UniversalTagNumber.IA5String:
                case UniversalTagNumber.BMPString:
                case UniversalTagNumber.T61String:
                case UniversalTagNumber.VisibleString:
                case UniversalTagNumber.NumericString:
                    try
                    {
                        return attribute.ReadCharacterString((UniversalTagNumber)tag.TagValue);
                    }
                    catch (AsnContentException)
                    {
                        break;
                    }
            }
        }

        return "#" + Convert.ToHexString(attribute.ReadEncodedValue().Span);
    }

    private static string Normalise(string value)
    {
        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString().Normalize(NormalizationForm.FormKC).ToUpper(CultureInfo.InvariantCulture);
    }
}
