using System.Formats.Asn1;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Pkd;

/// <summary>
/// The CMS SignedData encoding shared by the signed ICAO lists (CSCA Master List, Deviation List): DER signed
/// attributes (contentType, messageDigest, optional signingTime; RFC 5652 §5.4 and §11) and the ContentInfo
/// { id-signedData, SignedData v3 } around an externally made signature, with one SignerInfo v1 naming the signer by
/// issuerAndSerialNumber (RFC 5652 §5.1-5.3). Same shape as the EF.SOD builder, without the 0x77 wrapper.
/// </summary>
internal static class SignedListEncoder
{
    public static (byte[] Attributes, byte[] Digest) SignedAttributes(string eContentType, ReadOnlyMemory<byte> eContent, string digestAlgorithmOid, DateTimeOffset? signingTime)
    {
        var messageDigest = DigestAlgorithms.Compute(digestAlgorithmOid, eContent.Span);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSetOf())
        {
            WriteAttribute(writer, Oids.ContentTypeAttribute, w => w.WriteObjectIdentifier(eContentType));
            WriteAttribute(writer, Oids.MessageDigestAttribute, w => w.WriteOctetString(messageDigest));
            if (signingTime is { } time)
            {
                var utc = time.ToUniversalTime();
                var truncated = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second, TimeSpan.Zero);
                WriteAttribute(writer, Oids.SigningTimeAttribute, w =>
                {
                    if (truncated.Year is >= 1950 and < 2050)
                    {
                        w.WriteUtcTime(truncated);
                    }
                    else
                    {
                        w.WriteGeneralizedTime(truncated, omitFractionalSeconds: true);
                    }
                });
            }
        }

        var attributes = writer.Encode();
        return (attributes, DigestAlgorithms.Compute(digestAlgorithmOid, attributes));
    }

    public static byte[] Assemble(
        string eContentType,
        ReadOnlyMemory<byte> eContent,
        string digestAlgorithmOid,
        ReadOnlyMemory<byte> signedAttributes,
        SignatureAlgorithm signatureAlgorithm,
        ReadOnlySpan<byte> signature,
        ReadOnlyMemory<byte> signerCertificate,
        IEnumerable<ReadOnlyMemory<byte>>? additionalCertificates)
    {
        var signer = X509CertificateParts.Decode(signerCertificate);
        var extras = (additionalCertificates ?? []).Select(c => X509CertificateParts.Decode(c)).ToList();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(Oids.SignedData);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(3);
                using (writer.PushSetOf())
                {
                    WriteDigestAlgorithm(writer, digestAlgorithmOid);
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(eContentType);
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                    {
                        writer.WriteOctetString(eContent.Span);
                    }
                }

                using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                {
                    writer.WriteEncodedValue(signer.Encoded.Span);
                    foreach (var extra in extras)
                    {
                        writer.WriteEncodedValue(extra.Encoded.Span);
                    }
                }

                using (writer.PushSetOf())
                using (writer.PushSequence())
                {
                    writer.WriteInteger(1);
                    using (writer.PushSequence())
                    {
                        writer.WriteEncodedValue(signer.Issuer.Span);
                        writer.WriteInteger(signer.SerialNumber.Span);
                    }

                    WriteDigestAlgorithm(writer, digestAlgorithmOid);
                    var attributes = signedAttributes.ToArray();
                    attributes[0] = 0xA0; // [0] IMPLICIT SET OF Attribute
                    writer.WriteEncodedValue(attributes);
                    writer.WriteEncodedValue(signatureAlgorithm.Encode());
                    writer.WriteOctetString(signature);
                }
            }
        }

        return writer.Encode();
    }

    private static void WriteDigestAlgorithm(AsnWriter writer, string oid)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
        }
    }

    private static void WriteAttribute(AsnWriter writer, string oid, Action<AsnWriter> value)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            using (writer.PushSetOf())
            {
                value(writer);
            }
        }
    }
}
