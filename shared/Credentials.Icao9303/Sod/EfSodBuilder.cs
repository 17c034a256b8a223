using System.Formats.Asn1;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Sod;

/// <summary>
/// Builds EF.SOD deterministically (DER throughout) around a signature produced elsewhere (an HSM):
/// <list type="number">
/// <item><see cref="PrepareSigning"/>: LDSSecurityObject → eContent, signed attributes, digest to sign;</item>
/// <item>the caller signs <see cref="SodSigningInput.SignedAttributes"/> (or its digest) with the DSC key;</item>
/// <item><see cref="Assemble"/>: SignedData v3 with the DSC, SignerInfo v1 (issuerAndSerialNumber), wrapped in 0x77.</item>
/// </list>
/// Doc 9303 Part 10 section 4.6.2 and RFC 5652 sections 5.1-5.4.
/// </summary>
public static class EfSodBuilder
{
    /// <summary>Step 1: encodes the security object and the signed attributes and returns what must be signed.</summary>
    /// <param name="securityObject">The LDSSecurityObject.</param>
    /// <param name="digestAlgorithmOid">Digest for messageDigest and the signature (usually the LDS hash algorithm).</param>
    /// <param name="signingTime">Optional signingTime attribute (UTCTime for years 1950-2049, RFC 5652 section 11.3).</param>
    public static SodSigningInput PrepareSigning(LdsSecurityObject securityObject, string digestAlgorithmOid, DateTimeOffset? signingTime = null)
    {
        ArgumentNullException.ThrowIfNull(securityObject);
        var eContent = securityObject.Encode();
        var messageDigest = DigestAlgorithms.Compute(digestAlgorithmOid, eContent);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSetOf())
        {
            WriteAttribute(writer, Oids.ContentTypeAttribute, w => w.WriteObjectIdentifier(Oids.LdsSecurityObject));
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
        return new SodSigningInput
        {
            EContent = eContent,
            DigestAlgorithmOid = digestAlgorithmOid,
            SignedAttributes = attributes,
            DigestToSign = DigestAlgorithms.Compute(digestAlgorithmOid, attributes),
        };
    }

    /// <summary>Step 3: assembles EF.SOD (with its 0x77 tag) from the prepared input, the signature and the DSC.</summary>
    /// <param name="input">From <see cref="PrepareSigning"/>.</param>
    /// <param name="signatureAlgorithm">The algorithm the signature was made with (ECDSA signatures in DER form).</param>
    /// <param name="signature">The signature over <see cref="SodSigningInput.SignedAttributes"/>.</param>
    /// <param name="documentSignerCertificate">The DSC (DER); embedded and named in the SignerInfo.</param>
    /// <exception cref="Icao9303FormatException">The DSC is malformed.</exception>
    public static byte[] Assemble(SodSigningInput input, SignatureAlgorithm signatureAlgorithm, ReadOnlySpan<byte> signature, ReadOnlyMemory<byte> documentSignerCertificate)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(signatureAlgorithm);
        var dsc = X509CertificateParts.Decode(documentSignerCertificate);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence(EfSod.Tag))
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(Oids.SignedData);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(3);
                using (writer.PushSetOf())
                {
                    WriteDigestAlgorithm(writer, input.DigestAlgorithmOid);
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(Oids.LdsSecurityObject);
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                    {
                        writer.WriteOctetString(input.EContent.Span);
                    }
                }

                using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                {
                    writer.WriteEncodedValue(dsc.Encoded.Span);
                }

                using (writer.PushSetOf())
                using (writer.PushSequence())
                {
                    writer.WriteInteger(1);
                    using (writer.PushSequence())
                    {
                        writer.WriteEncodedValue(dsc.Issuer.Span);
                        writer.WriteInteger(dsc.SerialNumber.Span);
                    }

                    WriteDigestAlgorithm(writer, input.DigestAlgorithmOid);
                    var attributes = input.SignedAttributes.ToArray();
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
