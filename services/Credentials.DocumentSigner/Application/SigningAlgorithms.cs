using System.Security.Cryptography;
using Credentials.Contracts.Common.V1;
using Credentials.Icao9303.Issuance;
using IcaoSignatureAlgorithm = Credentials.Icao9303.Crypto.SignatureAlgorithm;
using VaultKeyAlgorithm = Credentials.KeyVault.KeyAlgorithm;
using VaultSignatureScheme = Credentials.KeyVault.SignatureScheme;

namespace Credentials.DocumentSigner.Application;

/// <summary>
/// Maps contract key algorithms and schemes to the key vault's and to the CMS signature AlgorithmIdentifier written in
/// EF.SOD (Doc 9303 Part 12 §4: RSASSA-PKCS1-v1_5, RSASSA-PSS and ECDSA with SHA-2).
/// </summary>
internal static class SigningAlgorithms
{
    public static VaultKeyAlgorithm ToVault(KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.Rsa2048 => VaultKeyAlgorithm.Rsa2048,
        KeyAlgorithm.Rsa3072 => VaultKeyAlgorithm.Rsa3072,
        KeyAlgorithm.Rsa4096 => VaultKeyAlgorithm.Rsa4096,
        KeyAlgorithm.EcP256 => VaultKeyAlgorithm.EcP256,
        KeyAlgorithm.EcP384 => VaultKeyAlgorithm.EcP384,
        KeyAlgorithm.EcP521 => VaultKeyAlgorithm.EcP521,
        KeyAlgorithm.BrainpoolP256R1 => VaultKeyAlgorithm.EcBrainpoolP256r1,
        KeyAlgorithm.BrainpoolP384R1 => VaultKeyAlgorithm.EcBrainpoolP384r1,
        KeyAlgorithm.BrainpoolP512R1 => VaultKeyAlgorithm.EcBrainpoolP512r1,
        _ => throw DocumentSignerErrors.Invalid("KEY_ALGORITHM_NOT_ALLOWED", "key_algorithm is required."),
    };

    /// <summary>The size in bits of an EC key of <paramref name="algorithm"/> (its curve order), for the VDS hash rule.</summary>
    public static int EcKeySizeBits(KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.EcP256 or KeyAlgorithm.BrainpoolP256R1 => 256,
        KeyAlgorithm.EcP384 or KeyAlgorithm.BrainpoolP384R1 => 384,
        KeyAlgorithm.EcP521 => 521,
        KeyAlgorithm.BrainpoolP512R1 => 512,
        _ => throw new Core.CredentialsException(Core.ErrorKind.FailedPrecondition, "KEY_ALGORITHM_NOT_ALLOWED", $"{algorithm} is not an EC key; seals are signed with ECDSA."),
    };

    public static bool IsRsa(KeyAlgorithm algorithm) => algorithm is KeyAlgorithm.Rsa2048 or KeyAlgorithm.Rsa3072 or KeyAlgorithm.Rsa4096;

    /// <summary>The scheme stored for a key: ECDSA for EC keys; PKCS#1 v1.5 unless PSS was asked for RSA keys.</summary>
    public static SignatureScheme SchemeFor(KeyAlgorithm algorithm, SignatureScheme requested) =>
        IsRsa(algorithm)
            ? requested == SignatureScheme.RsaPss ? SignatureScheme.RsaPss : SignatureScheme.RsaPkcs1V15
            : SignatureScheme.Ecdsa;

    /// <summary>The hash of the PKCS#10 self-signature: matched to the key size (Part 12 §4 recommends comparable strength).</summary>
    public static HashAlgorithmName RequestHash(KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.EcP384 or KeyAlgorithm.BrainpoolP384R1 => HashAlgorithmName.SHA384,
        KeyAlgorithm.EcP521 or KeyAlgorithm.BrainpoolP512R1 => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };

    /// <summary>The issuance algorithm for a key, scheme and hash.</summary>
    public static IssuanceSignatureAlgorithm Issuance(SignatureScheme scheme, HashAlgorithmName hash) => scheme switch
    {
        SignatureScheme.RsaPss => IssuanceSignatureAlgorithm.RsaPss(hash),
        SignatureScheme.RsaPkcs1V15 => IssuanceSignatureAlgorithm.RsaPkcs1(hash),
        _ => IssuanceSignatureAlgorithm.Ecdsa(hash),
    };

    /// <summary>What the vault is asked to do and the AlgorithmIdentifier written into the SignerInfo.</summary>
    public static (VaultSignatureScheme Vault, IcaoSignatureAlgorithm Cms) ForSecurityObject(SignatureScheme scheme, HashAlgorithmName hash)
    {
        var issuance = Issuance(scheme, hash);
        var vault = scheme switch
        {
            SignatureScheme.RsaPss => VaultSignatureScheme.RsaPss(hash),
            SignatureScheme.RsaPkcs1V15 => VaultSignatureScheme.RsaPkcs1(hash),
            _ => VaultSignatureScheme.Ecdsa(hash),
        };
        return (vault, IcaoSignatureAlgorithm.Decode(issuance.EncodeAlgorithmIdentifier()));
    }
}
