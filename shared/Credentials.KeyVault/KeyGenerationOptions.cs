namespace Credentials.KeyVault;

/// <summary>Options for <see cref="IKeyVaultClient.GenerateKeyPairAsync"/>.</summary>
public sealed record KeyGenerationOptions
{
    /// <summary>Default options: an unprotected key.</summary>
    public static KeyGenerationOptions Default { get; } = new();

    /// <summary>
    /// A protected key cannot be destroyed through the vault API (for CSCA keys, for instance). On PKCS#11 it is
    /// also created with CKA_DESTROYABLE=false where the token supports it.
    /// </summary>
    public bool Protected { get; init; }
}
