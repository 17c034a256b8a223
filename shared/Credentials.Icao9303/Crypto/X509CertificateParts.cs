using System.Formats.Asn1;
using Credentials.Icao9303.Asn1;

namespace Credentials.Icao9303.Crypto;

/// <summary>
/// The parts of an X.509 certificate the Doc 9303 PKI needs (CSCA, link and Document Signer certificates,
/// Doc 9303 Part 12 section 7), decoded strictly from DER without trusting the platform's certificate store:
/// <code>
/// Certificate ::= SEQUENCE { tbsCertificate TBSCertificate, signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }
/// TBSCertificate ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, serialNumber INTEGER, signature AlgorithmIdentifier,
///     issuer Name, validity Validity, subject Name, subjectPublicKeyInfo SubjectPublicKeyInfo,
///     issuerUniqueID [1] IMPLICIT OPTIONAL, subjectUniqueID [2] IMPLICIT OPTIONAL, extensions [3] EXPLICIT Extensions OPTIONAL }
/// </code>
/// (RFC 5280 section 4.1). Raw slices are kept so signatures are checked over the bytes as issued.
/// </summary>
public sealed class X509CertificateParts
{
    private X509CertificateParts()
    {
    }

    /// <summary>The whole certificate (DER).</summary>
    public ReadOnlyMemory<byte> Encoded { get; private init; }

    /// <summary>The tbsCertificate as encoded (the signed bytes).</summary>
    public ReadOnlyMemory<byte> TbsCertificate { get; private init; }

    /// <summary>Outer signatureAlgorithm (DER AlgorithmIdentifier).</summary>
    public ReadOnlyMemory<byte> SignatureAlgorithm { get; private init; }

    /// <summary>True when tbsCertificate.signature equals the outer signatureAlgorithm byte for byte (RFC 5280 §4.1.1.2).</summary>
    public bool SignatureAlgorithmsMatch { get; private init; }

    /// <summary>signatureValue content (no unused-bits octet).</summary>
    public ReadOnlyMemory<byte> SignatureValue { get; private init; }

    /// <summary>X.509 version (1, 2 or 3).</summary>
    public int Version { get; private init; }

    /// <summary>serialNumber content bytes (two's complement, as encoded).</summary>
    public ReadOnlyMemory<byte> SerialNumber { get; private init; }

    /// <summary>Serial number as upper-case hex without leading zeros.</summary>
    public string SerialNumberHex => Asn1Decoding.IntegerToHex(SerialNumber.Span);

    /// <summary>issuer Name (DER).</summary>
    public ReadOnlyMemory<byte> Issuer { get; private init; }

    /// <summary>subject Name (DER).</summary>
    public ReadOnlyMemory<byte> Subject { get; private init; }

    /// <summary>Issuer as an RFC 4514-style string.</summary>
    public string IssuerName => DistinguishedNames.Format(Issuer);

    /// <summary>Subject as an RFC 4514-style string.</summary>
    public string SubjectName => DistinguishedNames.Format(Subject);

    /// <summary>validity notBefore (UTC).</summary>
    public DateTimeOffset NotBefore { get; private init; }

    /// <summary>validity notAfter (UTC).</summary>
    public DateTimeOffset NotAfter { get; private init; }

    /// <summary>subjectPublicKeyInfo (DER).</summary>
    public ReadOnlyMemory<byte> SubjectPublicKeyInfo { get; private init; }

    /// <summary>SubjectKeyIdentifier extension value, if present.</summary>
    public ReadOnlyMemory<byte>? SubjectKeyIdentifier { get; private init; }

    /// <summary>AuthorityKeyIdentifier keyIdentifier, if present.</summary>
    public ReadOnlyMemory<byte>? AuthorityKeyIdentifier { get; private init; }

    /// <summary>basicConstraints cA flag (false when the extension is absent).</summary>
    public bool IsCertificateAuthority { get; private init; }

    /// <summary>keyUsage bits as the first two bytes of the BIT STRING (bit 0 = digitalSignature is 0x80 of byte 0); null when absent.</summary>
    public int? KeyUsage { get; private init; }

    /// <summary>True when subject and issuer names are equivalent.</summary>
    public bool IsSelfIssued => DistinguishedNames.AreEquivalent(Subject, Issuer);

    /// <summary>Every extension: OID, critical flag, extnValue content.</summary>
    public IReadOnlyList<(string Oid, bool Critical, ReadOnlyMemory<byte> Value)> Extensions { get; private init; } = [];

    /// <summary>Decodes a certificate.</summary>
    /// <exception cref="Icao9303FormatException">Not a well-formed certificate (reason <c>x509.malformed</c>).</exception>
    public static X509CertificateParts Decode(ReadOnlyMemory<byte> certificateDer)
    {
        const string reason = "x509.malformed";
        var outer = Asn1Decoding.ReadSingle(certificateDer, AsnEncodingRules.BER, reason, "Certificate");
        return Asn1Decoding.Decode(reason, "Certificate", () =>
        {
            var encoded = outer.PeekEncodedValue();
            var certificate = outer.ReadSequence();
            var tbsEncoded = certificate.PeekEncodedValue();
            var tbs = certificate.ReadSequence();
            var signatureAlgorithm = certificate.ReadEncodedValue();
            var signatureValue = certificate.ReadBitString(out _);
            Asn1Decoding.EnsureEnd(certificate, reason, "Certificate");

            var version = 1;
            var t0 = new Asn1Tag(TagClass.ContextSpecific, 0, true);
            if (tbs.PeekTag().HasSameClassAndValue(t0))
            {
                var v = tbs.ReadSequence(t0);
                version = Asn1Decoding.ReadSmallInteger(v, reason, "version") + 1;
                Asn1Decoding.EnsureEnd(v, reason, "version");
            }

            var serial = tbs.ReadIntegerBytes();
            var innerAlgorithm = tbs.ReadEncodedValue(); // signature AlgorithmIdentifier: must equal the outer one (RFC 5280 §4.1.1.2)
            var issuer = tbs.ReadEncodedValue();
            var validity = tbs.ReadSequence();
            var notBefore = ReadTime(validity);
            var notAfter = ReadTime(validity);
            Asn1Decoding.EnsureEnd(validity, reason, "Validity");
            var subject = tbs.ReadEncodedValue();
            var spki = tbs.ReadEncodedValue();

            var extensions = new List<(string, bool, ReadOnlyMemory<byte>)>();
            ReadOnlyMemory<byte>? ski = null;
            ReadOnlyMemory<byte>? aki = null;
            var isCa = false;
            int? keyUsage = null;
            var t1 = new Asn1Tag(TagClass.ContextSpecific, 1);
            var t2 = new Asn1Tag(TagClass.ContextSpecific, 2);
            var t3 = new Asn1Tag(TagClass.ContextSpecific, 3, true);
            if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(t1))
            {
                tbs.ReadEncodedValue();
            }

            if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(t2))
            {
                tbs.ReadEncodedValue();
            }

            if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(t3))
            {
                var wrapper = tbs.ReadSequence(t3);
                var list = wrapper.ReadSequence();
                Asn1Decoding.EnsureEnd(wrapper, reason, "Extensions");
                while (list.HasData)
                {
                    if (extensions.Count >= 64)
                    {
                        throw new Icao9303FormatException(reason, "Certificate has more than 64 extensions.");
                    }

                    var ext = list.ReadSequence();
                    var oid = ext.ReadObjectIdentifier();
                    var critical = false;
                    if (ext.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
                    {
                        critical = ext.ReadBoolean();
                    }

                    var value = ext.ReadOctetString();
                    Asn1Decoding.EnsureEnd(ext, reason, "Extension");
                    extensions.Add((oid, critical, value));
                    switch (oid)
                    {
                        case Oids.SubjectKeyIdentifier:
                            ski = new AsnReader(value, AsnEncodingRules.BER).ReadOctetString();
                            break;
                        case Oids.AuthorityKeyIdentifier:
                            var akiSeq = new AsnReader(value, AsnEncodingRules.BER).ReadSequence();
                            var keyIdTag = new Asn1Tag(TagClass.ContextSpecific, 0);
                            if (akiSeq.HasData && akiSeq.PeekTag().HasSameClassAndValue(keyIdTag))
                            {
                                aki = akiSeq.ReadOctetString(keyIdTag);
                            }

                            break;
                        case Oids.BasicConstraints:
                            var bc = new AsnReader(value, AsnEncodingRules.BER).ReadSequence();
                            if (bc.HasData && bc.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
                            {
                                isCa = bc.ReadBoolean();
                            }

                            break;
                        case Oids.KeyUsage:
                            var bits = new AsnReader(value, AsnEncodingRules.BER).ReadBitString(out _);
                            keyUsage = (bits.Length > 0 ? bits[0] << 8 : 0) | (bits.Length > 1 ? bits[1] : 0);
                            break;
                    }
                }
            }

            Asn1Decoding.EnsureEnd(tbs, reason, "TBSCertificate");
            return new X509CertificateParts
            {
                Encoded = encoded,
                TbsCertificate = tbsEncoded,
                SignatureAlgorithm = signatureAlgorithm,
                SignatureAlgorithmsMatch = innerAlgorithm.Span.SequenceEqual(signatureAlgorithm.Span),
                SignatureValue = signatureValue,
                Version = version,
                SerialNumber = serial,
                Issuer = issuer,
                Subject = subject,
                NotBefore = notBefore,
                NotAfter = notAfter,
                SubjectPublicKeyInfo = spki,
                SubjectKeyIdentifier = ski,
                AuthorityKeyIdentifier = aki,
                IsCertificateAuthority = isCa,
                KeyUsage = keyUsage,
                Extensions = extensions,
            };
        });
    }

    /// <summary>True when <paramref name="at"/> lies within notBefore..notAfter (inclusive).</summary>
    public bool IsValidAt(DateTimeOffset at) => at >= NotBefore && at <= NotAfter;

    private static DateTimeOffset ReadTime(AsnReader reader)
    {
        var tag = reader.PeekTag();
        if (tag.HasSameClassAndValue(Asn1Tag.UtcTime))
        {
            return reader.ReadUtcTime(2049);
        }

        return reader.ReadGeneralizedTime();
    }
}
