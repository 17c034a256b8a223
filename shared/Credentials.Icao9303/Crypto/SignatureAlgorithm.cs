using System.Formats.Asn1;
using Credentials.Icao9303.Asn1;

namespace Credentials.Icao9303.Crypto;

/// <summary>
/// A decoded signature <c>AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }</c>
/// (RFC 5280 section 4.1.1.2) resolved to a scheme and its digests.
/// <para>
/// RSASSA-PSS parameters follow RFC 8017 appendix A.2.3:
/// <c>RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] DEFAULT sha1, maskGenAlgorithm [1] DEFAULT mgf1SHA1,
/// saltLength [2] INTEGER DEFAULT 20, trailerField [3] INTEGER DEFAULT 1 }</c>.
/// A bare <c>rsaEncryption</c> or <c>id-ecPublicKey</c> as a signature algorithm (seen in real SODs, e.g. AU, NZ, US)
/// takes its hash from the SignerInfo digest algorithm passed as <c>digestAlgorithmOid</c>.
/// </para>
/// </summary>
public sealed record SignatureAlgorithm
{
    private SignatureAlgorithm(
        string oid, SignatureScheme scheme, string digestOid, string? mgfDigestOid = null, int saltLength = 0, int trailerField = 1, bool hashFromDigestAlgorithm = false)
    {
        Oid = oid;
        Scheme = scheme;
        DigestOid = digestOid;
        MgfDigestOid = mgfDigestOid ?? digestOid;
        SaltLength = saltLength;
        TrailerField = trailerField;
        HashFromDigestAlgorithm = hashFromDigestAlgorithm;
        // Formatted once: the name keys the prepared OpenSSL contexts and appears in check details on every verification.
        Name = scheme switch
        {
            SignatureScheme.RsaPss => $"RSASSA-PSS({DigestAlgorithms.GetName(DigestOid)}, MGF1-{DigestAlgorithms.GetName(MgfDigestOid)}, salt {SaltLength})",
            SignatureScheme.RsaPkcs1 => $"RSA-PKCS1-{DigestAlgorithms.GetName(DigestOid)}",
            SignatureScheme.Ecdsa => $"ECDSA-{DigestAlgorithms.GetName(DigestOid)}",
            _ => $"ECDSA-plain-{DigestAlgorithms.GetName(DigestOid)}",
        };
    }

    /// <summary>The algorithm OID as it appeared.</summary>
    public string Oid { get; }

    /// <summary>Signature scheme.</summary>
    public SignatureScheme Scheme { get; }

    /// <summary>Digest OID of the message hash.</summary>
    public string DigestOid { get; }

    /// <summary>RSASSA-PSS: MGF1 digest OID (same as <see cref="DigestOid"/> otherwise).</summary>
    public string MgfDigestOid { get; }

    /// <summary>RSASSA-PSS: salt length in bytes.</summary>
    public int SaltLength { get; }

    /// <summary>RSASSA-PSS: trailer field (1 = 0xBC, the only value RFC 8017 defines).</summary>
    public int TrailerField { get; }

    /// <summary>True when the algorithm was a bare key algorithm and the hash came from the digest algorithm.</summary>
    public bool HashFromDigestAlgorithm { get; }

    /// <summary>Display name such as <c>RSASSA-PSS(SHA-256, MGF1-SHA-256, salt 32)</c> or <c>ECDSA-SHA-384</c>.</summary>
    public string Name { get; }

    /// <summary>Decodes a DER AlgorithmIdentifier.</summary>
    /// <param name="algorithmIdentifierDer">The DER <c>AlgorithmIdentifier</c>.</param>
    /// <param name="digestAlgorithmOid">Digest to use with a bare <c>rsaEncryption</c>/<c>id-ecPublicKey</c> (the SignerInfo digestAlgorithm).</param>
    /// <exception cref="Icao9303FormatException">Malformed or unsupported (reason <c>crypto.signature-algorithm</c>).</exception>
    public static SignatureAlgorithm Decode(ReadOnlyMemory<byte> algorithmIdentifierDer, string? digestAlgorithmOid = null)
    {
        const string reason = "crypto.signature-algorithm";
        var reader = Asn1Decoding.ReadSingle(algorithmIdentifierDer, AsnEncodingRules.BER, reason, "Signature AlgorithmIdentifier");
        return Asn1Decoding.Decode(reason, "Signature AlgorithmIdentifier", () =>
        {
            var seq = reader.ReadSequence();
            var oid = seq.ReadObjectIdentifier();
            ReadOnlyMemory<byte>? parameters = seq.HasData ? seq.ReadEncodedValue() : (ReadOnlyMemory<byte>?)null;
            Asn1Decoding.EnsureEnd(seq, reason, "Signature AlgorithmIdentifier");
            return FromOid(oid, parameters, digestAlgorithmOid);
        });
    }

    /// <summary>Builds an algorithm from its OID and optional encoded parameters.</summary>
    public static SignatureAlgorithm FromOid(string oid, ReadOnlyMemory<byte>? parameters, string? digestAlgorithmOid = null)
    {
        ArgumentNullException.ThrowIfNull(oid);
        switch (oid)
        {
            case Oids.Sha1WithRsa: return new(oid, SignatureScheme.RsaPkcs1, Oids.Sha1);
            case Oids.Sha224WithRsa: return new(oid, SignatureScheme.RsaPkcs1, Oids.Sha224);
            case Oids.Sha256WithRsa: return new(oid, SignatureScheme.RsaPkcs1, Oids.Sha256);
            case Oids.Sha384WithRsa: return new(oid, SignatureScheme.RsaPkcs1, Oids.Sha384);
            case Oids.Sha512WithRsa: return new(oid, SignatureScheme.RsaPkcs1, Oids.Sha512);
            case Oids.EcdsaWithSha1: return new(oid, SignatureScheme.Ecdsa, Oids.Sha1);
            case Oids.EcdsaWithSha224: return new(oid, SignatureScheme.Ecdsa, Oids.Sha224);
            case Oids.EcdsaWithSha256: return new(oid, SignatureScheme.Ecdsa, Oids.Sha256);
            case Oids.EcdsaWithSha384: return new(oid, SignatureScheme.Ecdsa, Oids.Sha384);
            case Oids.EcdsaWithSha512: return new(oid, SignatureScheme.Ecdsa, Oids.Sha512);
            case Oids.EcdsaPlainSha1: return new(oid, SignatureScheme.EcdsaPlain, Oids.Sha1);
            case Oids.EcdsaPlainSha224: return new(oid, SignatureScheme.EcdsaPlain, Oids.Sha224);
            case Oids.EcdsaPlainSha256: return new(oid, SignatureScheme.EcdsaPlain, Oids.Sha256);
            case Oids.EcdsaPlainSha384: return new(oid, SignatureScheme.EcdsaPlain, Oids.Sha384);
            case Oids.EcdsaPlainSha512: return new(oid, SignatureScheme.EcdsaPlain, Oids.Sha512);
            case Oids.RsaEncryption:
                return new(oid, SignatureScheme.RsaPkcs1, RequireDigest(oid, digestAlgorithmOid), hashFromDigestAlgorithm: true);
            case Oids.EcPublicKey:
                return new(oid, SignatureScheme.Ecdsa, RequireDigest(oid, digestAlgorithmOid), hashFromDigestAlgorithm: true);
            case Oids.RsassaPss:
                return DecodePss(parameters);
            default:
                throw new Icao9303FormatException("crypto.unsupported-signature-algorithm", $"Signature algorithm {oid} is not supported.");
        }
    }

    /// <summary>Encodes this algorithm as a DER AlgorithmIdentifier (PSS parameters written in full).</summary>
    public byte[] Encode()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(Oid);
            if (Scheme == SignatureScheme.RsaPss)
            {
                using (writer.PushSequence())
                {
                    var t0 = new Asn1Tag(TagClass.ContextSpecific, 0, true);
                    using (writer.PushSequence(t0))
                    {
                        WriteHashAlgorithm(writer, DigestOid);
                    }

                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, true)))
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(Oids.Mgf1);
                        WriteHashAlgorithm(writer, MgfDigestOid);
                    }

                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2, true)))
                    {
                        writer.WriteInteger(SaltLength);
                    }
                }
            }
            else if (Scheme == SignatureScheme.RsaPkcs1)
            {
                writer.WriteNull();
            }
        }

        return writer.Encode();
    }

    /// <summary>An RSASSA-PSS algorithm with MGF1 over the same hash and salt = hash length (the common profile).</summary>
    public static SignatureAlgorithm CreatePss(string digestOid) =>
        new(Oids.RsassaPss, SignatureScheme.RsaPss, digestOid, saltLength: DigestAlgorithms.GetLength(digestOid));

    private static void WriteHashAlgorithm(AsnWriter writer, string digestOid)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(digestOid);
            writer.WriteNull();
        }
    }

    private static string RequireDigest(string oid, string? digestAlgorithmOid)
    {
        if (digestAlgorithmOid is null || !DigestAlgorithms.IsSupported(digestAlgorithmOid))
        {
            throw new Icao9303FormatException(
                "crypto.signature-algorithm",
                $"Signature algorithm {oid} carries no hash and no supported digest algorithm was supplied.");
        }

        return digestAlgorithmOid;
    }

    private static SignatureAlgorithm DecodePss(ReadOnlyMemory<byte>? parameters)
    {
        const string reason = "crypto.signature-algorithm";
        var hash = Oids.Sha1;
        var mgfHash = Oids.Sha1;
        var salt = 20;
        var trailer = 1;
        if (parameters is { } encoded && !(encoded.Length == 2 && encoded.Span[0] == 0x05 && encoded.Span[1] == 0x00))
        {
            var reader = new AsnReader(encoded, AsnEncodingRules.BER);
            var seq = reader.ReadSequence();
            var t0 = new Asn1Tag(TagClass.ContextSpecific, 0, true);
            var t1 = new Asn1Tag(TagClass.ContextSpecific, 1, true);
            var t2 = new Asn1Tag(TagClass.ContextSpecific, 2, true);
            var t3 = new Asn1Tag(TagClass.ContextSpecific, 3, true);
            if (seq.HasData && seq.PeekTag().HasSameClassAndValue(t0))
            {
                hash = ReadHashAlgorithm(seq.ReadSequence(t0));
            }

            if (seq.HasData && seq.PeekTag().HasSameClassAndValue(t1))
            {
                var mgf = seq.ReadSequence(t1).ReadSequence();
                var mgfOid = mgf.ReadObjectIdentifier();
                if (mgfOid != Oids.Mgf1)
                {
                    throw new Icao9303FormatException("crypto.unsupported-signature-algorithm", $"RSASSA-PSS mask generation function {mgfOid} is not supported.");
                }

                mgfHash = ReadHashAlgorithmSequence(mgf.ReadSequence());
            }

            if (seq.HasData && seq.PeekTag().HasSameClassAndValue(t2))
            {
                salt = Asn1Decoding.ReadSmallInteger(seq.ReadSequence(t2), reason, "RSASSA-PSS saltLength");
            }

            if (seq.HasData && seq.PeekTag().HasSameClassAndValue(t3))
            {
                trailer = Asn1Decoding.ReadSmallInteger(seq.ReadSequence(t3), reason, "RSASSA-PSS trailerField");
            }

            Asn1Decoding.EnsureEnd(seq, reason, "RSASSA-PSS-params");
        }

        if (!DigestAlgorithms.IsSupported(hash) || !DigestAlgorithms.IsSupported(mgfHash))
        {
            throw new Icao9303FormatException("crypto.unsupported-signature-algorithm", "RSASSA-PSS uses an unsupported digest.");
        }

        if (trailer != 1)
        {
            throw new Icao9303FormatException("crypto.unsupported-signature-algorithm", $"RSASSA-PSS trailerField {trailer} is not defined by RFC 8017.");
        }

        if (salt > 1024)
        {
            throw new Icao9303FormatException(reason, $"RSASSA-PSS saltLength {salt} is impossible.");
        }

        return new(Oids.RsassaPss, SignatureScheme.RsaPss, hash, mgfHash, salt, trailer);
    }

    private static string ReadHashAlgorithm(AsnReader explicitWrapper)
    {
        var oid = ReadHashAlgorithmSequence(explicitWrapper.ReadSequence());
        Asn1Decoding.EnsureEnd(explicitWrapper, "crypto.signature-algorithm", "RSASSA-PSS hashAlgorithm");
        return oid;
    }

    private static string ReadHashAlgorithmSequence(AsnReader algorithmIdentifier)
    {
        var oid = algorithmIdentifier.ReadObjectIdentifier();
        if (algorithmIdentifier.HasData)
        {
            algorithmIdentifier.ReadEncodedValue();
        }

        Asn1Decoding.EnsureEnd(algorithmIdentifier, "crypto.signature-algorithm", "hash AlgorithmIdentifier");
        return oid;
    }
}
