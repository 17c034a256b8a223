using System.Security.Cryptography;
using Credentials.Icao9303.Issuance;
using Credentials.KeyVault;

namespace Credentials.Csca.Application;

/// <summary>An <see cref="ICertificateSigner"/> whose private key is a key pair in the HSM (signs digests only).</summary>
internal sealed class VaultCertificateSigner : ICertificateSigner
{
    private readonly IKeyVaultClient _vault;
    private readonly KeyReference _key;
    private readonly SignatureScheme _scheme;

    public VaultCertificateSigner(IKeyVaultClient vault, string keyLabel, IssuanceSignatureAlgorithm algorithm)
    {
        _vault = vault;
        _key = KeyReference.ByLabel(keyLabel);
        Algorithm = algorithm;
        _scheme = algorithm.Kind switch
        {
            IssuanceSignatureKind.Ecdsa => SignatureScheme.Ecdsa(algorithm.Hash),
            IssuanceSignatureKind.RsaPss => SignatureScheme.RsaPss(algorithm.Hash),
            _ => SignatureScheme.RsaPkcs1(algorithm.Hash),
        };
    }

    public IssuanceSignatureAlgorithm Algorithm { get; }

    public Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, CancellationToken cancellationToken) =>
        _vault.SignAsync(_key, digest, _scheme, cancellationToken);

    /// <summary>The signature algorithm recorded for a generation.</summary>
    public static IssuanceSignatureAlgorithm AlgorithmOf(IssuanceSignatureKind kind, string hashName)
    {
        var hash = new HashAlgorithmName(hashName);
        return kind switch
        {
            IssuanceSignatureKind.Ecdsa => IssuanceSignatureAlgorithm.Ecdsa(hash),
            IssuanceSignatureKind.RsaPss => IssuanceSignatureAlgorithm.RsaPss(hash),
            _ => IssuanceSignatureAlgorithm.RsaPkcs1(hash),
        };
    }
}
