namespace Credentials.KeyVault;

/// <summary>Conveniences over <see cref="IKeyVaultClient"/>.</summary>
public static class KeyVaultClientExtensions
{
    /// <summary>Generates an unprotected key pair.</summary>
    public static Task<KeyInfo> GenerateKeyPairAsync(
        this IKeyVaultClient client, string label, KeyAlgorithm algorithm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.GenerateKeyPairAsync(label, algorithm, KeyGenerationOptions.Default, cancellationToken);
    }

    /// <summary>Signs with the key labelled <paramref name="keyLabel"/>.</summary>
    public static Task<byte[]> SignAsync(
        this IKeyVaultClient client, string keyLabel, ReadOnlyMemory<byte> digest, SignatureScheme scheme, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.SignAsync(KeyReference.ByLabel(keyLabel), digest, scheme, cancellationToken);
    }

    /// <summary>The SubjectPublicKeyInfo of the key labelled <paramref name="keyLabel"/>.</summary>
    public static Task<byte[]> GetPublicKeyAsync(this IKeyVaultClient client, string keyLabel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.GetPublicKeyAsync(KeyReference.ByLabel(keyLabel), cancellationToken);
    }
}
