namespace Credentials.KeyVault;

/// <summary>The one exception an <see cref="IKeyVaultClient"/> throws for an expected failure, with a stable reason.</summary>
public sealed class KeyVaultException : Exception
{
    public KeyVaultException(KeyVaultErrorReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public KeyVaultException(KeyVaultErrorReason reason, string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public KeyVaultException()
        : this(KeyVaultErrorReason.Unspecified, "The key vault operation failed.")
    {
    }

    public KeyVaultException(string message)
        : this(KeyVaultErrorReason.Unspecified, message)
    {
    }

    public KeyVaultException(string message, Exception innerException)
        : this(KeyVaultErrorReason.Unspecified, message, innerException)
    {
    }

    /// <summary>Why the operation failed.</summary>
    public KeyVaultErrorReason Reason { get; }

    /// <summary>True when retrying the same call later may succeed (a device error or a token being reconnected, not a caller error).</summary>
    public bool IsTransient => Reason is KeyVaultErrorReason.DeviceError or KeyVaultErrorReason.TokenUnavailable;
}
