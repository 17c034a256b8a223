using System.Formats.Asn1;
using System.Security.Cryptography;
using Credentials.Icao9303.Asn1;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Signers;

namespace Credentials.Icao9303.Crypto;

/// <summary>
/// Verifies the signatures Doc 9303 Part 12 section 4.1 allows: RSASSA-PKCS1-v1_5, RSASSA-PSS with any parameters,
/// ECDSA (DER or plain r||s) on NIST and brainpool curves with named or explicit domain parameters.
/// .NET (OpenSSL) does the work where it can; BouncyCastle covers PSS parameters .NET cannot express, SHA-224,
/// and EC keys the platform refuses. Verification returns <c>false</c> for a wrong signature and throws
/// <see cref="Icao9303FormatException"/> only for a malformed algorithm identifier or key.
/// </summary>
public static class SignatureVerifier
{
    // One prepared OpenSSL context serves every ECDSA hash (the digest is passed in), so one cache key for all.
    private static readonly SignatureAlgorithm EcdsaDer = SignatureAlgorithm.FromOid(Oids.EcdsaWithSha256, null);

    /// <summary>
    /// Verifies <paramref name="signature"/> over <paramref name="signedBytes"/>.
    /// </summary>
    /// <param name="signatureAlgorithmDer">DER AlgorithmIdentifier of the signature (e.g. SignerInfo.signatureAlgorithm).</param>
    /// <param name="subjectPublicKeyInfoDer">DER SubjectPublicKeyInfo of the signer.</param>
    /// <param name="signedBytes">The bytes that were signed (they are hashed here).</param>
    /// <param name="signature">Signature value (DER ECDSA-Sig-Value for ECDSA).</param>
    /// <param name="digestAlgorithmOid">Hash to use when the algorithm is a bare rsaEncryption/id-ecPublicKey.</param>
    public static bool Verify(
        ReadOnlyMemory<byte> signatureAlgorithmDer,
        ReadOnlyMemory<byte> subjectPublicKeyInfoDer,
        ReadOnlySpan<byte> signedBytes,
        ReadOnlySpan<byte> signature,
        string? digestAlgorithmOid = null)
    {
        var algorithm = SignatureAlgorithm.Decode(signatureAlgorithmDer, digestAlgorithmOid);
        using var key = VerificationKey.FromSubjectPublicKeyInfo(subjectPublicKeyInfoDer);
        return Verify(algorithm, key, signedBytes, signature);
    }

    /// <summary>Verifies with an already decoded algorithm and key (the fast path: decode each once, verify many times).</summary>
    public static bool Verify(SignatureAlgorithm algorithm, VerificationKey key, ReadOnlySpan<byte> signedBytes, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> digest = stackalloc byte[DigestAlgorithms.MaxLength];
        var length = DigestAlgorithms.Compute(algorithm.DigestOid, signedBytes, digest);
        return VerifyDigest(algorithm, key, digest[..length], signature);
    }

    /// <summary>Verifies a signature over an already computed message digest (hash of <see cref="SignatureAlgorithm.DigestOid"/>).</summary>
    public static bool VerifyDigest(SignatureAlgorithm algorithm, VerificationKey key, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(key);
        if (signature.IsEmpty || signature.Length > 1024)
        {
            return false;
        }

        return algorithm.Scheme switch
        {
            SignatureScheme.RsaPkcs1 or SignatureScheme.RsaPss => key.IsRsa && VerifyRsa(algorithm, key, digest, signature),
            SignatureScheme.Ecdsa => key.IsEc && VerifyEcdsa(key, digest, signature, DSASignatureFormat.Rfc3279DerSequence),
            SignatureScheme.EcdsaPlain => key.IsEc && VerifyEcdsa(key, digest, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            _ => false,
        };
    }

    /// <summary>
    /// Verifies that the X.509 certificate <paramref name="certificateDer"/> was signed by the key in
    /// <paramref name="issuerSubjectPublicKeyInfoDer"/> (signature over the DER tbsCertificate, RFC 5280 section 4.1.1.3).
    /// </summary>
    /// <exception cref="Icao9303FormatException">The certificate or key is malformed.</exception>
    public static bool VerifyCertificateSignature(ReadOnlyMemory<byte> certificateDer, ReadOnlyMemory<byte> issuerSubjectPublicKeyInfoDer)
    {
        var certificate = X509CertificateParts.Decode(certificateDer);
        using var key = VerificationKey.FromSubjectPublicKeyInfo(issuerSubjectPublicKeyInfoDer);
        return VerifyCertificateSignature(certificate, key);
    }

    /// <summary>Verifies a decoded certificate's signature with an already decoded issuer key.</summary>
    public static bool VerifyCertificateSignature(X509CertificateParts certificate, VerificationKey issuerKey)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var algorithm = SignatureAlgorithm.Decode(certificate.SignatureAlgorithm);
        return Verify(algorithm, issuerKey, certificate.TbsCertificate.Span, certificate.SignatureValue.Span);
    }

    private static bool VerifyRsa(SignatureAlgorithm algorithm, VerificationKey key, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        var modulusBytes = (key.KeySizeBits + 7) / 8;
        if (signature.Length > modulusBytes)
        {
            return false;
        }

        // Some signers strip leading zero bytes from the signature value; restore the modulus length.
        if (signature.Length < modulusBytes)
        {
            var padded = new byte[modulusBytes];
            signature.CopyTo(padded.AsSpan(modulusBytes - signature.Length));
            signature = padded;
        }

        var netSupportsHash = algorithm.DigestOid != Oids.Sha224;
        if (netSupportsHash && algorithm.MgfDigestOid != Oids.Sha224 && key.Native?.VerifyDigest(algorithm, digest, signature) is { } native)
        {
            return native;
        }

        if (algorithm.Scheme == SignatureScheme.RsaPkcs1)
        {
            if (netSupportsHash)
            {
                return key.Rsa!.VerifyHash(digest, signature, DigestAlgorithms.GetHashAlgorithmName(algorithm.DigestOid), RSASignaturePadding.Pkcs1);
            }

            return VerifyPkcs1DigestInfo(key, algorithm.DigestOid, digest, signature);
        }

        var standardPss = netSupportsHash
            && algorithm.MgfDigestOid == algorithm.DigestOid
            && algorithm.SaltLength == DigestAlgorithms.GetLength(algorithm.DigestOid);
        if (standardPss)
        {
            return key.Rsa!.VerifyHash(digest, signature, DigestAlgorithms.GetHashAlgorithmName(algorithm.DigestOid), RSASignaturePadding.Pss);
        }

        var pss = PssSigner.CreateRawSigner(
            new RsaBlindedEngine(),
            CreateDigest(algorithm.DigestOid),
            CreateDigest(algorithm.MgfDigestOid),
            algorithm.SaltLength,
            PssSigner.TrailerImplicit);
        return BouncyCastleVerifyDigest(pss, key, digest, signature);
    }

    private static bool VerifyPkcs1DigestInfo(VerificationKey key, string digestOid, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        // EMSA-PKCS1-v1_5 (RFC 8017 section 9.2): recover DigestInfo and compare it with the expected encoding.
        byte[] recovered;
        try
        {
            var engine = new Org.BouncyCastle.Crypto.Encodings.Pkcs1Encoding(new RsaBlindedEngine());
            engine.Init(false, key.BouncyCastleRsa);
            recovered = engine.ProcessBlock(signature.ToArray(), 0, signature.Length);
        }
        catch (Exception ex) when (ex is DataLengthException or InvalidCipherTextException or ArgumentException)
        {
            return false;
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(digestOid);
                writer.WriteNull();
            }

            writer.WriteOctetString(digest);
        }

        return CryptographicOperations.FixedTimeEquals(recovered, writer.Encode());
    }

    private static bool BouncyCastleVerifyDigest(PssSigner signer, VerificationKey key, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        try
        {
            signer.Init(false, key.BouncyCastleRsa);
            signer.BlockUpdate(digest);
            return signer.VerifySignature(signature.ToArray());
        }
        catch (Exception ex) when (ex is DataLengthException or InvalidCipherTextException or ArgumentException)
        {
            return false;
        }
    }

    private static bool VerifyEcdsa(VerificationKey key, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature, DSASignatureFormat format)
    {
        if (format == DSASignatureFormat.Rfc3279DerSequence && key.Native?.VerifyDigest(EcdsaDer, digest, signature) is { } native)
        {
            return native;
        }

        if (key.Ecdsa is { } ecdsa)
        {
            try
            {
                return ecdsa.VerifyHash(digest, signature, format);
            }
            catch (CryptographicException)
            {
                return false;
            }
        }

        if (!TryDecodeEcdsaSignature(signature, format, key.BouncyCastleEc!.Parameters.N.BitLength, out var r, out var s))
        {
            return false;
        }

        var signer = new ECDsaSigner();
        signer.Init(false, key.BouncyCastleEc);
        return signer.VerifySignature(digest.ToArray(), r, s);
    }

    private static bool TryDecodeEcdsaSignature(
        ReadOnlySpan<byte> signature,
        DSASignatureFormat format,
        int orderBits,
        out Org.BouncyCastle.Math.BigInteger r,
        out Org.BouncyCastle.Math.BigInteger s)
    {
        r = s = Org.BouncyCastle.Math.BigInteger.Zero;
        if (format == DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
        {
            var half = (orderBits + 7) / 8;
            if (signature.Length != 2 * half)
            {
                return false;
            }

            r = new Org.BouncyCastle.Math.BigInteger(1, signature[..half].ToArray());
            s = new Org.BouncyCastle.Math.BigInteger(1, signature[half..].ToArray());
            return true;
        }

        try
        {
            var reader = new AsnReader(signature.ToArray(), AsnEncodingRules.DER);
            var seq = reader.ReadSequence();
            var rBytes = seq.ReadIntegerBytes();
            var sBytes = seq.ReadIntegerBytes();
            if (seq.HasData || reader.HasData)
            {
                return false;
            }

            r = new Org.BouncyCastle.Math.BigInteger(rBytes.ToArray());
            s = new Org.BouncyCastle.Math.BigInteger(sBytes.ToArray());
            return r.SignValue > 0 && s.SignValue > 0;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static IDigest CreateDigest(string oid) => oid switch
    {
        Oids.Sha1 => new Sha1Digest(),
        Oids.Sha224 => new Sha224Digest(),
        Oids.Sha256 => new Sha256Digest(),
        Oids.Sha384 => new Sha384Digest(),
        Oids.Sha512 => new Sha512Digest(),
        _ => throw new Icao9303FormatException("crypto.unsupported-digest", $"Digest algorithm {oid} is not supported."),
    };
}
