using System.Security.Cryptography;
using Credentials.Contracts.Common.V1;
using Credentials.SignerKeys;
using IcaoSignatureAlgorithm = Credentials.Icao9303.Crypto.SignatureAlgorithm;
using VaultSignatureScheme = Credentials.KeyVault.SignatureScheme;

namespace Credentials.DocumentSigner.Application;

/// <summary>
/// Maps a key's scheme to the key vault's and to the CMS signature AlgorithmIdentifier written in EF.SOD (key
/// generation: <see cref="SignerKeyAlgorithms"/>) (Doc 9303 Part 12 §4: RSASSA-PKCS1-v1_5, RSASSA-PSS and ECDSA with SHA-2).
/// </summary>
internal static class SigningAlgorithms
{
    /// <summary>The size in bits of an EC key of <paramref name="algorithm"/> (its curve order), for the VDS hash rule.</summary>
    public static int EcKeySizeBits(KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.EcP256 or KeyAlgorithm.BrainpoolP256R1 => 256,
        KeyAlgorithm.EcP384 or KeyAlgorithm.BrainpoolP384R1 => 384,
        KeyAlgorithm.EcP521 => 521,
        KeyAlgorithm.BrainpoolP512R1 => 512,
        _ => throw new Core.CredentialsException(Core.ErrorKind.FailedPrecondition, "KEY_ALGORITHM_NOT_ALLOWED", $"{algorithm} is not an EC key; seals are signed with ECDSA."),
    };

    /// <summary>What the vault is asked to do and the AlgorithmIdentifier written into the SignerInfo.</summary>
    public static (VaultSignatureScheme Vault, IcaoSignatureAlgorithm Cms) ForSecurityObject(SignatureScheme scheme, HashAlgorithmName hash)
    {
        var issuance = SignerKeyAlgorithms.Issuance(scheme, hash);
        var vault = scheme switch
        {
            SignatureScheme.RsaPss => VaultSignatureScheme.RsaPss(hash),
            SignatureScheme.RsaPkcs1V15 => VaultSignatureScheme.RsaPkcs1(hash),
            _ => VaultSignatureScheme.Ecdsa(hash),
        };
        return (vault, IcaoSignatureAlgorithm.Decode(issuance.EncodeAlgorithmIdentifier()));
    }
}
