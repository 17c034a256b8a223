using Credentials.Icao9303.Issuance;
using Credentials.KeyVault;

namespace Credentials.SignerKeys;

/// <summary>An <see cref="ICertificateSigner"/> over an HSM key: signs the PKCS#10 request of a new signer key (proof of possession).</summary>
internal sealed class VaultRequestSigner : ICertificateSigner
{
    private readonly IKeyVaultClient _vault;
    private readonly KeyReference _key;
    private readonly SignatureScheme _scheme;

    public VaultRequestSigner(IKeyVaultClient vault, string keyLabel, IssuanceSignatureAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
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
}
