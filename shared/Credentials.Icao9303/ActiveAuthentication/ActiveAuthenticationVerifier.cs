using System.Security.Cryptography;
using Credentials.Icao9303.Crypto;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;

namespace Credentials.Icao9303.ActiveAuthentication;

/// <summary>
/// Verifies an Active Authentication response (Doc 9303 Part 11 section 6.1) with the DG15 public key:
/// RSA with ISO/IEC 9796-2 digital signature scheme 1 (message recovery; trailer 0xBC = SHA-1 or 0x??CC with a hash
/// identifier), or ECDSA with the signature plain (r||s, BSI TR-03111) or DER. The challenge is the 8-byte (or longer)
/// nonce the terminal sent with INTERNAL AUTHENTICATE.
/// </summary>
public static class ActiveAuthenticationVerifier
{
    private static readonly string[] EcdsaHashes = [Oids.Sha1, Oids.Sha224, Oids.Sha256, Oids.Sha384, Oids.Sha512];

    /// <summary>Verifies <paramref name="signature"/> over <paramref name="challenge"/>.</summary>
    /// <param name="subjectPublicKeyInfo">DG15's SubjectPublicKeyInfo.</param>
    /// <param name="challenge">The terminal's challenge.</param>
    /// <param name="signature">The chip's response.</param>
    /// <param name="ecdsaDigestOid">For EC keys: the hash named by DG14's ActiveAuthenticationInfo; when null every allowed hash is tried.</param>
    public static ActiveAuthenticationResult Verify(ReadOnlyMemory<byte> subjectPublicKeyInfo, ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> signature, string? ecdsaDigestOid = null)
    {
        VerificationKey? key = null;
        try
        {
            key = VerificationKey.FromSubjectPublicKeyInfo(subjectPublicKeyInfo);
            return key.IsRsa ? VerifyRsa(key, challenge, signature) : VerifyEc(key, challenge, signature, ecdsaDigestOid);
        }
        catch (Icao9303FormatException ex)
        {
            return new ActiveAuthenticationResult(false, "aa.key-unusable", ex.Message);
        }
        finally
        {
            key?.Dispose();
        }
    }

    private static ActiveAuthenticationResult VerifyRsa(VerificationKey key, ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> signature)
    {
        byte[] f;
        try
        {
            var engine = new RsaEngine();
            engine.Init(false, key.BouncyCastleRsa);
            f = engine.ProcessBlock(signature.ToArray(), 0, signature.Length);
        }
        catch (Exception ex) when (ex is DataLengthException or ArgumentException)
        {
            return new ActiveAuthenticationResult(false, "aa.signature-invalid", "The signature is not an RSA value for this key.");
        }

        var k = (key.KeySizeBits + 7) / 8;
        if (f.Length < k)
        {
            var padded = new byte[k];
            f.CopyTo(padded, k - f.Length);
            f = padded;
        }

        // ISO/IEC 9796-2: header nibble 0x6 (partial recovery) or 0x4 (total), trailer 0xBC or 0x?? 0xCC.
        string digestOid;
        int trailerLength;
        if (f[^1] == 0xBC)
        {
            digestOid = Oids.Sha1;
            trailerLength = 1;
        }
        else if (f[^1] == 0xCC)
        {
            trailerLength = 2;
            string? id = f[^2] switch { 0x33 => Oids.Sha1, 0x34 => Oids.Sha256, 0x35 => Oids.Sha512, 0x36 => Oids.Sha384, 0x38 => Oids.Sha224, _ => null };
            if (id is null)
            {
                return new ActiveAuthenticationResult(false, "aa.signature-invalid", $"Unknown ISO/IEC 9796-2 hash identifier 0x{f[^2]:X2}.");
            }

            digestOid = id;
        }
        else
        {
            return new ActiveAuthenticationResult(false, "aa.signature-invalid", "The recovered message has no ISO/IEC 9796-2 trailer.");
        }

        var hashLength = DigestAlgorithms.GetLength(digestOid);
        if ((f[0] & 0xC0) != 0x40 || f.Length < hashLength + trailerLength + 2)
        {
            return new ActiveAuthenticationResult(false, "aa.signature-invalid", "The recovered message has no ISO/IEC 9796-2 header.");
        }

        var start = 1;
        if ((f[0] & 0x20) == 0)
        {
            // Total recovery with padding: 0x4B, 0xBB..., 0xBA precede the message.
            while (start < f.Length && f[start] == 0xBB)
            {
                start++;
            }

            if (start >= f.Length || f[start] != 0xBA)
            {
                return new ActiveAuthenticationResult(false, "aa.signature-invalid", "Malformed ISO/IEC 9796-2 padding.");
            }

            start++;
        }

        var hashStart = f.Length - trailerLength - hashLength;
        var m1 = f.AsSpan(start, hashStart - start);
        var expected = DigestAlgorithms.Compute(digestOid, [.. m1, .. challenge]);
        var valid = CryptographicOperations.FixedTimeEquals(expected, f.AsSpan(hashStart, hashLength));
        return valid
            ? new ActiveAuthenticationResult(true, "aa.valid", $"RSA ISO/IEC 9796-2 scheme 1, {DigestAlgorithms.GetName(digestOid)}, {key.Description}")
            : new ActiveAuthenticationResult(false, "aa.signature-invalid", "The recovered hash does not match M1 || challenge.");
    }

    private static ActiveAuthenticationResult VerifyEc(VerificationKey key, ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> signature, string? digestOid)
    {
        var hashes = digestOid is null ? EcdsaHashes : [digestOid];
        foreach (var hash in hashes)
        {
            var digest = DigestAlgorithms.Compute(hash, challenge);
            foreach (var scheme in new[] { SignatureScheme.EcdsaPlain, SignatureScheme.Ecdsa })
            {
                var algorithm = SignatureAlgorithm.FromOid(scheme == SignatureScheme.Ecdsa ? Oids.EcPublicKey : PlainOid(hash), null, hash);
                if (SignatureVerifier.VerifyDigest(algorithm, key, digest, signature))
                {
                    return new ActiveAuthenticationResult(true, "aa.valid", $"ECDSA ({(scheme == SignatureScheme.Ecdsa ? "DER" : "plain")}), {DigestAlgorithms.GetName(hash)}, {key.Description}");
                }
            }
        }

        return new ActiveAuthenticationResult(false, "aa.signature-invalid", "The ECDSA signature does not verify over the challenge.");
    }

    private static string PlainOid(string hash) => hash switch
    {
        Oids.Sha1 => Oids.EcdsaPlainSha1,
        Oids.Sha224 => Oids.EcdsaPlainSha224,
        Oids.Sha256 => Oids.EcdsaPlainSha256,
        Oids.Sha384 => Oids.EcdsaPlainSha384,
        _ => Oids.EcdsaPlainSha512,
    };
}
