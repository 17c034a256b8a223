using System.Security.Cryptography;

namespace Credentials.KeyVault;

/// <summary>
/// How the vault signs a digest computed by the caller. The hash algorithm names what the digest is, so the vault can
/// check its length and (for PKCS#1 v1.5) build the DigestInfo. Supported hashes: SHA-256, SHA-384, SHA-512
/// (Doc 9303 Part 12 §4 also lists SHA-224, which .NET has no name for, and SHA-1, which is not used for new signatures).
/// </summary>
public sealed record SignatureScheme
{
    private SignatureScheme(SignatureSchemeKind kind, HashAlgorithmName hash, HashAlgorithmName mgf1Hash, int saltLength)
    {
        Kind = kind;
        Hash = hash;
        Mgf1Hash = mgf1Hash;
        SaltLength = saltLength;
    }

    /// <summary>The scheme family.</summary>
    public SignatureSchemeKind Kind { get; }

    /// <summary>The hash algorithm that produced the digest.</summary>
    public HashAlgorithmName Hash { get; }

    /// <summary>RSA-PSS only: the hash used by MGF1; default for the others.</summary>
    public HashAlgorithmName Mgf1Hash { get; }

    /// <summary>RSA-PSS only: the salt length in bytes; 0 for the others.</summary>
    public int SaltLength { get; }

    /// <summary>Length in bytes of a digest made with <see cref="Hash"/>.</summary>
    public int DigestLength => DigestLengthOf(Hash);

    /// <summary>RSASSA-PKCS1-v1_5 over a digest of <paramref name="hash"/>.</summary>
    public static SignatureScheme RsaPkcs1(HashAlgorithmName hash) =>
        new(SignatureSchemeKind.RsaPkcs1, Checked(hash), default, 0);

    /// <summary>
    /// RSASSA-PSS over a digest of <paramref name="hash"/>, MGF1 with <paramref name="mgf1Hash"/> (default: the same
    /// hash) and <paramref name="saltLength"/> bytes of salt (default: the digest length, as RFC 4055 §3.1 recommends).
    /// </summary>
    public static SignatureScheme RsaPss(HashAlgorithmName hash, HashAlgorithmName? mgf1Hash = null, int? saltLength = null)
    {
        var digestHash = Checked(hash);
        var mgf = Checked(mgf1Hash ?? hash);
        var salt = saltLength ?? DigestLengthOf(digestHash);
        if (salt < 0 || salt > 512)
        {
            throw new KeyVaultException(KeyVaultErrorReason.UnsupportedAlgorithm, $"RSA-PSS salt length {salt} is out of range.");
        }

        return new(SignatureSchemeKind.RsaPss, digestHash, mgf, salt);
    }

    /// <summary>ECDSA over a digest of <paramref name="hash"/>; the result is DER encoded.</summary>
    public static SignatureScheme Ecdsa(HashAlgorithmName hash) =>
        new(SignatureSchemeKind.Ecdsa, Checked(hash), default, 0);

    /// <summary>Digest length in bytes for a supported hash algorithm.</summary>
    public static int DigestLengthOf(HashAlgorithmName hash)
    {
        if (hash == HashAlgorithmName.SHA256)
        {
            return 32;
        }

        if (hash == HashAlgorithmName.SHA384)
        {
            return 48;
        }

        if (hash == HashAlgorithmName.SHA512)
        {
            return 64;
        }

        throw new KeyVaultException(
            KeyVaultErrorReason.UnsupportedAlgorithm,
            $"Hash algorithm '{hash.Name}' is not supported for signing (SHA-256, SHA-384 or SHA-512).");
    }

    /// <summary>Throws <see cref="KeyVaultException"/> unless this scheme can be used with a key of <paramref name="algorithm"/>.</summary>
    public void EnsureCompatibleWith(KeyAlgorithm algorithm)
    {
        var fits = Kind switch
        {
            SignatureSchemeKind.RsaPkcs1 or SignatureSchemeKind.RsaPss => algorithm.IsRsa(),
            SignatureSchemeKind.Ecdsa => algorithm.IsEc(),
            _ => false,
        };
        if (!fits)
        {
            throw new KeyVaultException(
                KeyVaultErrorReason.UnsupportedAlgorithm,
                $"Signature scheme {Kind} cannot be used with a {algorithm} key.");
        }
    }

    /// <summary>Throws <see cref="KeyVaultException"/> unless <paramref name="digest"/> has the length of <see cref="Hash"/>.</summary>
    public void EnsureDigestLength(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != DigestLength)
        {
            throw new KeyVaultException(
                KeyVaultErrorReason.InvalidDigest,
                $"A {Hash.Name} digest is {DigestLength} bytes; got {digest.Length}.");
        }
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        SignatureSchemeKind.RsaPss => $"RsaPss({Hash.Name}, MGF1-{Mgf1Hash.Name}, salt {SaltLength})",
        _ => $"{Kind}({Hash.Name})",
    };

    private static HashAlgorithmName Checked(HashAlgorithmName hash)
    {
        _ = DigestLengthOf(hash);
        return hash;
    }
}
