using System.Formats.Asn1;
using Credentials.Icao9303.Asn1;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Cms;

/// <summary>
/// One CMS <c>SignerInfo</c> (RFC 5652 section 5.3):
/// <code>
/// SignerInfo ::= SEQUENCE { version CMSVersion, sid SignerIdentifier, digestAlgorithm DigestAlgorithmIdentifier,
///     signedAttrs [0] IMPLICIT SignedAttributes OPTIONAL, signatureAlgorithm SignatureAlgorithmIdentifier,
///     signature SignatureValue, unsignedAttrs [1] IMPLICIT UnsignedAttributes OPTIONAL }
/// SignerIdentifier ::= CHOICE { issuerAndSerialNumber IssuerAndSerialNumber, subjectKeyIdentifier [0] SubjectKeyIdentifier }
/// </code>
/// Doc 9303 Part 10 section 4.6.2 requires signed attributes (contentType, messageDigest) in an EF.SOD SignerInfo.
/// </summary>
public sealed class CmsSignerInfo
{
    private CmsSignerInfo()
    {
    }

    /// <summary>CMSVersion: 1 with issuerAndSerialNumber, 3 with subjectKeyIdentifier.</summary>
    public int Version { get; private init; }

    /// <summary>sid issuer Name (DER), when the sid is issuerAndSerialNumber.</summary>
    public ReadOnlyMemory<byte>? SidIssuer { get; private init; }

    /// <summary>sid serialNumber content bytes, when the sid is issuerAndSerialNumber.</summary>
    public ReadOnlyMemory<byte>? SidSerialNumber { get; private init; }

    /// <summary>sid subjectKeyIdentifier, when the sid is [0].</summary>
    public ReadOnlyMemory<byte>? SidSubjectKeyIdentifier { get; private init; }

    /// <summary>digestAlgorithm OID.</summary>
    public string DigestAlgorithmOid { get; private init; } = string.Empty;

    /// <summary>signedAttrs exactly as encoded (tag [0]); null when absent.</summary>
    public ReadOnlyMemory<byte>? SignedAttributesEncoded { get; private init; }

    /// <summary>The signed attributes as the DER <c>SET OF Attribute</c> the signature covers (RFC 5652 section 5.4).</summary>
    public ReadOnlyMemory<byte>? SignedAttributesForSignature { get; private init; }

    /// <summary>The contentType signed attribute, if present.</summary>
    public string? ContentTypeAttribute { get; private init; }

    /// <summary>The messageDigest signed attribute, if present.</summary>
    public ReadOnlyMemory<byte>? MessageDigestAttribute { get; private init; }

    /// <summary>The signingTime signed attribute, if present.</summary>
    public DateTimeOffset? SigningTime { get; private init; }

    /// <summary>Every signed attribute type OID, in order.</summary>
    public IReadOnlyList<string> SignedAttributeTypes { get; private init; } = [];

    /// <summary>signatureAlgorithm (DER AlgorithmIdentifier).</summary>
    public ReadOnlyMemory<byte> SignatureAlgorithm { get; private init; }

    /// <summary>signatureAlgorithm OID.</summary>
    public string SignatureAlgorithmOid { get; private init; } = string.Empty;

    /// <summary>signature value.</summary>
    public ReadOnlyMemory<byte> Signature { get; private init; }

    /// <summary>unsignedAttrs as encoded, if present.</summary>
    public ReadOnlyMemory<byte>? UnsignedAttributesEncoded { get; private init; }

    /// <summary>True when the signed attributes were not DER as received and had to be re-encoded for verification.</summary>
    public bool SignedAttributesReencoded { get; private init; }

    internal static CmsSignerInfo Decode(AsnReader reader)
    {
        const string reason = "cms.signer-info";
        var seq = reader.ReadSequence();
        var version = Asn1Decoding.ReadSmallInteger(seq, reason, "SignerInfo.version");
        ReadOnlyMemory<byte>? issuer = null;
        ReadOnlyMemory<byte>? serial = null;
        ReadOnlyMemory<byte>? ski = null;
        var skiTag = new Asn1Tag(TagClass.ContextSpecific, 0);
        if (seq.PeekTag().HasSameClassAndValue(skiTag))
        {
            ski = Asn1Decoding.ReadOctetStringValue(seq, skiTag);
        }
        else
        {
            var iasn = seq.ReadSequence();
            issuer = iasn.ReadEncodedValue();
            serial = iasn.ReadIntegerBytes();
            Asn1Decoding.EnsureEnd(iasn, reason, "IssuerAndSerialNumber");
        }

        if (version is not (1 or 3))
        {
            throw new Icao9303FormatException("cms.signer-info-version", $"SignerInfo version {version} is not 1 or 3 (RFC 5652 section 5.3).");
        }

        var digestAlgorithm = seq.ReadSequence();
        var digestOid = Asn1Decoding.ReadObjectIdentifier(digestAlgorithm);
        var signedAttrsTag = new Asn1Tag(TagClass.ContextSpecific, 0, true);
        ReadOnlyMemory<byte>? signedEncoded = null;
        ReadOnlyMemory<byte>? forSignature = null;
        string? contentType = null;
        ReadOnlyMemory<byte>? messageDigest = null;
        DateTimeOffset? signingTime = null;
        var reencoded = false;
        var types = new List<string>();
        if (seq.HasData && seq.PeekTag().HasSameClassAndValue(signedAttrsTag))
        {
            var raw = seq.PeekEncodedValue();
            signedEncoded = raw;
            var attrs = seq.ReadSetOf(skipSortOrderValidation: true, signedAttrsTag);
            while (attrs.HasData)
            {
                if (types.Count >= 32)
                {
                    throw new Icao9303FormatException(reason, "More than 32 signed attributes.");
                }

                var attribute = attrs.ReadSequence();
                var type = Asn1Decoding.ReadObjectIdentifier(attribute);
                var values = attribute.ReadSetOf(skipSortOrderValidation: true);
                Asn1Decoding.EnsureEnd(attribute, reason, "Attribute");
                if (types.Contains(type))
                {
                    throw new Icao9303FormatException("cms.duplicate-attribute", $"Signed attribute {type} appears twice (RFC 5652 section 5.3).");
                }

                types.Add(type);
                switch (type)
                {
                    case Oids.ContentTypeAttribute:
                        contentType = Asn1Decoding.ReadObjectIdentifier(values);
                        Asn1Decoding.EnsureEnd(values, reason, "contentType attribute");
                        break;
                    case Oids.MessageDigestAttribute:
                        messageDigest = Asn1Decoding.ReadOctetStringValue(values);
                        Asn1Decoding.EnsureEnd(values, reason, "messageDigest attribute");
                        break;
                    case Oids.SigningTimeAttribute:
                        signingTime = values.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? values.ReadUtcTime() : values.ReadGeneralizedTime();
                        break;
                }
            }

            // The signature covers the DER encoding of SET OF Attribute: the same bytes with the SET tag (0x31).
            var asSet = raw.ToArray();
            asSet[0] = 0x31;
            if (IsDer(asSet))
            {
                forSignature = asSet;
            }
            else
            {
                forSignature = Asn1Decoding.NormalizeToDer(asSet, reason);
                reencoded = true;
            }
        }

        var signatureAlgorithm = seq.PeekEncodedValue();
        var sigAlgSeq = seq.ReadSequence();
        var sigAlgOid = Asn1Decoding.ReadObjectIdentifier(sigAlgSeq);
        var signature = Asn1Decoding.ReadOctetStringValue(seq);
        ReadOnlyMemory<byte>? unsigned = null;
        var unsignedTag = new Asn1Tag(TagClass.ContextSpecific, 1, true);
        if (seq.HasData && seq.PeekTag().HasSameClassAndValue(unsignedTag))
        {
            unsigned = seq.ReadEncodedValue();
        }

        Asn1Decoding.EnsureEnd(seq, reason, "SignerInfo");
        return new CmsSignerInfo
        {
            Version = version,
            SidIssuer = issuer,
            SidSerialNumber = serial,
            SidSubjectKeyIdentifier = ski,
            DigestAlgorithmOid = digestOid,
            SignedAttributesEncoded = signedEncoded,
            SignedAttributesForSignature = forSignature,
            ContentTypeAttribute = contentType,
            MessageDigestAttribute = messageDigest,
            SigningTime = signingTime,
            SignedAttributeTypes = types,
            SignatureAlgorithm = signatureAlgorithm,
            SignatureAlgorithmOid = sigAlgOid,
            Signature = signature,
            UnsignedAttributesEncoded = unsigned,
            SignedAttributesReencoded = reencoded,
        };
    }

    private static bool IsDer(byte[] value)
    {
        try
        {
            AsnDecoder.ReadEncodedValue(value, AsnEncodingRules.DER, out _, out _, out var consumed);
            return consumed == value.Length;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }
}
