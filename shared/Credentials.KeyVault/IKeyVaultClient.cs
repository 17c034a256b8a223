namespace Credentials.KeyVault;

/// <summary>
/// Generates and uses signing keys that never leave the vault (an HSM through PKCS#11 in every real environment).
/// Implementations are thread-safe.
/// </summary>
public interface IKeyVaultClient
{
    /// <summary>Generates a key pair labelled <paramref name="label"/>; the label must be new.</summary>
    Task<KeyInfo> GenerateKeyPairAsync(string label, KeyAlgorithm algorithm, KeyGenerationOptions options, CancellationToken cancellationToken);

    /// <summary>The public key as a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7).</summary>
    Task<byte[]> GetPublicKeyAsync(KeyReference key, CancellationToken cancellationToken);

    /// <summary>
    /// Signs a digest the caller computed. RSA PKCS#1 v1.5 signatures are over the DigestInfo the vault builds from
    /// the scheme's hash; ECDSA signatures are returned DER encoded (RFC 3279 Ecdsa-Sig-Value).
    /// </summary>
    Task<byte[]> SignAsync(KeyReference key, ReadOnlyMemory<byte> digest, SignatureScheme scheme, CancellationToken cancellationToken);

    /// <summary>Finds one key, or null.</summary>
    Task<KeyInfo?> FindAsync(KeyReference key, CancellationToken cancellationToken);

    /// <summary>Lists every key pair in the vault.</summary>
    Task<IReadOnlyList<KeyInfo>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Destroys a key pair. Requires a <paramref name="confirmation"/> naming the key's label and refuses protected keys
    /// (<see cref="KeyVaultErrorReason.ConfirmationRequired"/>, <see cref="KeyVaultErrorReason.KeyProtected"/>).
    /// </summary>
    Task DestroyAsync(KeyReference key, KeyDestructionConfirmation confirmation, CancellationToken cancellationToken);

    /// <summary>Checks that the vault is reachable and logged in.</summary>
    Task<KeyVaultHealth> CheckHealthAsync(CancellationToken cancellationToken);
}
