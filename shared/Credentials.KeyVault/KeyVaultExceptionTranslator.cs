using Credentials.Core;

namespace Credentials.KeyVault;

/// <summary>
/// The one translation of HSM failures into domain errors (docs/architecture.md, "Errors"): a module, token or device
/// that cannot be reached is <c>KEY_VAULT_UNAVAILABLE</c> (Unavailable, retry after a second); anything else the vault
/// refuses (key missing, algorithm unsupported, PIN locked, ...) is <c>KEY_VAULT_REFUSED</c> (FailedPrecondition).
/// </summary>
internal sealed class KeyVaultExceptionTranslator : IExceptionTranslator
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public CredentialsException? Translate(Exception exception) => exception switch
    {
        KeyVaultException { Reason: KeyVaultErrorReason.ModuleUnavailable or KeyVaultErrorReason.TokenNotFound or KeyVaultErrorReason.TokenUnavailable or KeyVaultErrorReason.DeviceError } vault =>
            new CredentialsException(ErrorKind.Unavailable, "KEY_VAULT_UNAVAILABLE", "The HSM is unavailable; retry.", vault) { RetryAfter = RetryAfter },
        KeyVaultException vault =>
            new CredentialsException(ErrorKind.FailedPrecondition, "KEY_VAULT_REFUSED", "The HSM refused the operation: " + vault.Reason, vault),
        _ => null,
    };
}
