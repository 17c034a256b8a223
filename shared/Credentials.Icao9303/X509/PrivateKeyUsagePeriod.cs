using System.Formats.Asn1;

namespace Credentials.Icao9303.X509;

/// <summary>
/// The PrivateKeyUsagePeriod extension (2.5.29.16; RFC 3280 §4.2.1.4, required for CSCA and DS certificates by
/// Doc 9303 Part 12 §7.1.1):
/// <code>
/// PrivateKeyUsagePeriod ::= SEQUENCE { notBefore [0] GeneralizedTime OPTIONAL, notAfter [1] GeneralizedTime OPTIONAL }
/// </code>
/// </summary>
public sealed record PrivateKeyUsagePeriod(DateTimeOffset? NotBefore, DateTimeOffset? NotAfter)
{
    public const string Oid = "2.5.29.16";

    /// <summary>Decodes the extnValue contents.</summary>
    /// <exception cref="Icao9303FormatException">Malformed value (reason <c>x509.pkup-malformed</c>).</exception>
    public static PrivateKeyUsagePeriod Decode(ReadOnlyMemory<byte> extensionValue)
    {
        try
        {
            var outer = new AsnReader(extensionValue, AsnEncodingRules.DER);
            var sequence = outer.ReadSequence();
            if (outer.HasData)
            {
                throw new Icao9303FormatException("x509.pkup-malformed", "Trailing data after PrivateKeyUsagePeriod.");
            }

            DateTimeOffset? notBefore = null;
            DateTimeOffset? notAfter = null;
            var t0 = new Asn1Tag(TagClass.ContextSpecific, 0);
            var t1 = new Asn1Tag(TagClass.ContextSpecific, 1);
            if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(t0))
            {
                notBefore = sequence.ReadGeneralizedTime(t0);
            }

            if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(t1))
            {
                notAfter = sequence.ReadGeneralizedTime(t1);
            }

            if (sequence.HasData)
            {
                throw new Icao9303FormatException("x509.pkup-malformed", "Unexpected element in PrivateKeyUsagePeriod.");
            }

            if (notBefore is null && notAfter is null)
            {
                throw new Icao9303FormatException("x509.pkup-malformed", "PrivateKeyUsagePeriod has neither notBefore nor notAfter.");
            }

            return new PrivateKeyUsagePeriod(notBefore, notAfter);
        }
        catch (AsnContentException ex)
        {
            throw new Icao9303FormatException("x509.pkup-malformed", $"PrivateKeyUsagePeriod is not valid DER: {ex.Message}", ex);
        }
    }
}
