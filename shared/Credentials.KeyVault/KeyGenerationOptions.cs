namespace Credentials.KeyVault;

/// <summary>Options for <see cref="IKeyVaultClient.GenerateKeyPairAsync"/>.</summary>
public sealed record KeyGenerationOptions
{
    /// <summary>Default options: an unprotected key.</summary>
    public static KeyGenerationOptions Default { get; } = new();

    /// <summary>
    /// A protected key cannot be destroyed through the vault API (for CSCA keys, for instance). On PKCS#11 it is
    /// also created with CKA_DESTROYABLE=false (PKCS#11 v2.40), so the token itself refuses C_DestroyObject; a token
    /// that does not know that attribute refuses to generate a protected key rather than create an unprotected one.
    /// </summary>
    public bool Protected { get; init; }
}
