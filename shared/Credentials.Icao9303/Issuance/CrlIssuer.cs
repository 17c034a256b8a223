using System.Formats.Asn1;
using System.Numerics;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Issuance;

/// <summary>
/// Builds and signs CSCA CRLs per Doc 9303 Part 12 §7.1.4 (RFC 5280 §5 v2 CRL with authorityKeyIdentifier and
/// cRLNumber, nextUpdate at most 90 days after thisUpdate):
/// <code>
/// TBSCertList ::= SEQUENCE { version INTEGER (v2=1), signature AlgorithmIdentifier, issuer Name, thisUpdate Time,
///   nextUpdate Time, revokedCertificates SEQUENCE OF SEQUENCE {...} OPTIONAL, crlExtensions [0] EXPLICIT Extensions }
/// </code>
/// The DER is written here (not with CertificateRevocationListBuilder) to support the invalidityDate entry
/// extension and to keep the encoding deterministic: entries sorted by serial number.
/// </summary>
public static class CrlIssuer
{
    /// <summary>Longest span between thisUpdate and nextUpdate (Part 12 §7.1.4: CRLs are issued at least every 90 days).</summary>
    public static readonly TimeSpan MaximumNextUpdate = TimeSpan.FromDays(90);

    private const string CrlNumberOid = "2.5.29.20";
    private const string ReasonCodeOid = "2.5.29.21";
    private const string InvalidityDateOid = "2.5.29.24";

    /// <summary>Signs a CRL for the CSCA certificate <paramref name="issuerCertificate"/> with its key.</summary>
    /// <returns>The DER CertificateList.</returns>
    /// <exception cref="IssuanceRejectedException">The template is invalid or the issuer cannot sign CRLs.</exception>
    public static Task<byte[]> IssueAsync(
        CrlTemplate template,
        ReadOnlyMemory<byte> issuerCertificate,
        ICertificateSigner issuerSigner,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(issuerSigner);
        var issuer = X509CertificateParts.Decode(issuerCertificate);
        if (issuer.SubjectKeyIdentifier is not { } keyId)
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.IssuerNotUsable, "The CRL issuer has no SubjectKeyIdentifier for the CRL's AKI.");
        }

        // KeyUsage is the first two octets of the BIT STRING, big-endian: cRLSign is bit 6 of the first octet.
        if (issuer.KeyUsage is { } usage && (usage & 0x0200) == 0)
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.IssuerNotUsable, "The CRL issuer's KeyUsage lacks cRLSign.");
        }

        var thisUpdate = IcaoExtensions.TruncateToSeconds(template.ThisUpdate);
        var nextUpdate = IcaoExtensions.TruncateToSeconds(template.NextUpdate);
        if (nextUpdate <= thisUpdate || nextUpdate - thisUpdate > MaximumNextUpdate)
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.ValidityPeriodInvalid, "nextUpdate must be after thisUpdate and at most 90 days later.");
        }

        if (template.CrlNumber < 0 || template.CrlNumber.GetByteCount() > 20)
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.FieldInvalid, "cRLNumber must be non-negative and at most 20 octets.");
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            writer.WriteEncodedValue(issuerSigner.Algorithm.EncodeAlgorithmIdentifier());
            writer.WriteEncodedValue(issuer.Subject.Span);
            WriteTime(writer, thisUpdate);
            WriteTime(writer, nextUpdate);
            WriteEntries(writer, template.Entries);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (writer.PushSequence())
            {
                WriteExtension(writer, Oids.AuthorityKeyIdentifier, IcaoExtensions.AuthorityKeyIdentifier(keyId.Span).RawData);
                var number = new AsnWriter(AsnEncodingRules.DER);
                number.WriteInteger(template.CrlNumber);
                WriteExtension(writer, CrlNumberOid, number.Encode());
            }
        }

        return IssuerSigning.SignAsync(writer.Encode(), issuerSigner, cancellationToken);
    }

    private static void WriteEntries(AsnWriter writer, IReadOnlyList<CrlEntry> entries)
    {
        if (entries.Count == 0)
        {
            // RFC 5280 §5.1.2.6: when there are no revoked certificates the list is absent.
            return;
        }

        var ordered = entries
            .Select(e => (Entry: e, Serial: new BigInteger(e.SerialNumber.Span, isUnsigned: false, isBigEndian: true)))
            .OrderBy(e => e.Serial)
            .ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Serial == ordered[i - 1].Serial)
            {
                throw new IssuanceRejectedException(IssuanceRejectedException.FieldInvalid, "A serial number is listed twice.");
            }
        }

        using (writer.PushSequence())
        {
            foreach (var (entry, serial) in ordered)
            {
                using (writer.PushSequence())
                {
                    writer.WriteInteger(serial);
                    WriteTime(writer, IcaoExtensions.TruncateToSeconds(entry.RevocationDate));
                    if (entry.Reason is null && entry.InvalidityDate is null)
                    {
                        continue;
                    }

                    using (writer.PushSequence())
                    {
                        if (entry.Reason is { } reason)
                        {
                            if (!Enum.IsDefined(reason))
                            {
                                throw new IssuanceRejectedException(IssuanceRejectedException.FieldInvalid, $"CRL reason {reason} cannot be issued.");
                            }

                            var value = new AsnWriter(AsnEncodingRules.DER);
                            value.WriteEnumeratedValue(reason);
                            WriteExtension(writer, ReasonCodeOid, value.Encode());
                        }

                        if (entry.InvalidityDate is { } invalidity)
                        {
                            var value = new AsnWriter(AsnEncodingRules.DER);
                            value.WriteGeneralizedTime(IcaoExtensions.TruncateToSeconds(invalidity), omitFractionalSeconds: true);
                            WriteExtension(writer, InvalidityDateOid, value.Encode());
                        }
                    }
                }
            }
        }
    }

    private static void WriteExtension(AsnWriter writer, string oid, byte[] value)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            writer.WriteOctetString(value);
        }
    }

    /// <summary>RFC 5280 §5.1.2.4: UTCTime through 2049, GeneralizedTime from 2050.</summary>
    private static void WriteTime(AsnWriter writer, DateTimeOffset time)
    {
        if (time.Year < 2050)
        {
            writer.WriteUtcTime(time, 2049);
        }
        else
        {
            writer.WriteGeneralizedTime(time, omitFractionalSeconds: true);
        }
    }
}
