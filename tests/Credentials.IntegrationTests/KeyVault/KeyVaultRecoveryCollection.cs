namespace Credentials.IntegrationTests.KeyVault;

/// <summary>
/// The key vault recovery tests add a throw-away token to the stack's shared SoftHSM2 store and take its directory
/// away for a moment. Another SoftHSM2 instance in this process that was initialised while the token existed would
/// answer CKR_GENERAL_ERROR for that slot meanwhile, so these tests run alone, not in parallel with the others.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KeyVaultRecoveryCollection
{
    public const string Name = "keyvault-recovery";
}
