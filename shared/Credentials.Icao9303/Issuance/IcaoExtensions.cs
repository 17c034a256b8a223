using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.X509;

namespace Credentials.Icao9303.Issuance;

/// <summary>Encoders for the certificate extensions the Part 12 profiles need beyond what .NET provides.</summary>
internal static class IcaoExtensions
{
    /// <summary>
    /// PrivateKeyUsagePeriod (RFC 3280 §4.2.1.4, kept by Doc 9303 Part 12 §7.1.1 Table 6), never critical:
    /// <code>PrivateKeyUsagePeriod ::= SEQUENCE { notBefore [0] GeneralizedTime OPTIONAL, notAfter [1] GeneralizedTime OPTIONAL }</code>
    /// Both times are written, in UTC, without fractional seconds (RFC 5280 §4.1.2.5.2).
    /// </summary>
    public static X509Extension PrivateKeyUsagePeriod(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteGeneralizedTime(TruncateToSeconds(notBefore), omitFractionalSeconds: true, new Asn1Tag(TagClass.ContextSpecific, 0));
            writer.WriteGeneralizedTime(TruncateToSeconds(notAfter), omitFractionalSeconds: true, new Asn1Tag(TagClass.ContextSpecific, 1));
        }

        return new X509Extension(X509.PrivateKeyUsagePeriod.Oid, writer.Encode(), critical: false);
    }

    /// <summary>
    /// Document Type List (Doc 9303 Part 12 §7.1.1.3, 2.23.136.1.1.6.2), non-critical:
    /// <code>DocumentTypeListSyntax ::= SEQUENCE { version DocumentTypeListVersion (v0), docTypeList SET OF DocumentType }
    /// DocumentType ::= PrintableString(1..2)</code>
    /// </summary>
    public static X509Extension DocumentTypeList(IEnumerable<string> documentTypes)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            using (writer.PushSetOf())
            {
                foreach (var type in documentTypes.Distinct(StringComparer.Ordinal))
                {
                    writer.WriteCharacterString(UniversalTagNumber.PrintableString, type);
                }
            }
        }

        return new X509Extension(X509.DocumentTypeList.Oid, writer.Encode(), critical: false);
    }

    /// <summary>AuthorityKeyIdentifier with the keyIdentifier choice only (RFC 5280 §4.2.1.1), non-critical.</summary>
    public static X509Extension AuthorityKeyIdentifier(ReadOnlySpan<byte> keyIdentifier) =>
        X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(keyIdentifier);

    /// <summary>
    /// The key identifier of a public key: the leftmost 160 bits of the SHA-256 of the subjectPublicKey BIT STRING
    /// contents (RFC 7093 §2 method 1), so no SHA-1 is needed.
    /// </summary>
    public static byte[] KeyIdentifier(PublicKey publicKey)
    {
        var extension = new X509SubjectKeyIdentifierExtension(publicKey, X509SubjectKeyIdentifierHashAlgorithm.ShortSha256, critical: false);
        return extension.SubjectKeyIdentifierBytes.ToArray();
    }

    /// <summary>CRL Distribution Points with one fullName URI per point (RFC 5280 §4.2.1.13), non-critical.</summary>
    public static X509Extension CrlDistributionPoints(IReadOnlyList<string> uris) =>
        CertificateRevocationListBuilder.BuildCrlDistributionPointExtension(uris, critical: false);

    /// <summary>Drops sub-second precision so DER times and comparisons agree.</summary>
    public static DateTimeOffset TruncateToSeconds(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
