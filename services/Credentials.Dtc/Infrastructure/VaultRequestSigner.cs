using Credentials.Icao9303.Issuance;
using Credentials.KeyVault;

namespace Credentials.Dtc.Infrastructure;

/// <summary>An <see cref="ICertificateSigner"/> over an HSM EC key: signs the PKCS#10 request of a new DTC Signer key (proof of possession).</summary>
internal sealed class VaultRequestSigner : ICertificateSigner
{
    private readonly IKeyVaultClient _vault;
    private readonly KeyReference _key;

    public VaultRequestSigner(IKeyVaultClient vault, string keyLabel, IssuanceSignatureAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        if (algorithm.Kind != IssuanceSignatureKind.Ecdsa)
        {
            throw new ArgumentException("DTC Signer keys are EC keys.", nameof(algorithm));
        }

        _vault = vault;
        _key = KeyReference.ByLabel(keyLabel);
        Algorithm = algorithm;
    }

    public IssuanceSignatureAlgorithm Algorithm { get; }

    public Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, CancellationToken cancellationToken) =>
        _vault.SignAsync(_key, digest, SignatureScheme.Ecdsa(Algorithm.Hash), cancellationToken);
}
