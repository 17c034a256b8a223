using System.Security.Cryptography;
using Credentials.Contracts.Common.V1;
using Credentials.Core;
using Credentials.Icao9303.Issuance;
using VaultKeyAlgorithm = Credentials.KeyVault.KeyAlgorithm;

namespace Credentials.SignerKeys;

/// <summary>
/// The key algorithms and schemes of signer keys (Doc 9303 Part 12 §4: RSASSA-PKCS1-v1_5, RSASSA-PSS and ECDSA with
/// SHA-2): the vault's key type, the scheme a key keeps, the hash of its PKCS#10 self-signature.
/// </summary>
public static class SignerKeyAlgorithms
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
        _ => throw new CredentialsException(ErrorKind.InvalidArgument, "KEY_ALGORITHM_NOT_ALLOWED", "key_algorithm is required."),
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

    /// <summary>The issuance algorithm for a scheme and hash.</summary>
    public static IssuanceSignatureAlgorithm Issuance(SignatureScheme scheme, HashAlgorithmName hash) => scheme switch
    {
        SignatureScheme.RsaPss => IssuanceSignatureAlgorithm.RsaPss(hash),
        SignatureScheme.RsaPkcs1V15 => IssuanceSignatureAlgorithm.RsaPkcs1(hash),
        _ => IssuanceSignatureAlgorithm.Ecdsa(hash),
    };
}
