namespace Credentials.KeyVault;

/// <summary>
/// The explicit confirmation <see cref="IKeyVaultClient.DestroyAsync"/> requires: the caller repeats the label of the
/// key it means to destroy and gives a reason that is logged.
/// </summary>
public sealed record KeyDestructionConfirmation
{
    private KeyDestructionConfirmation(string confirmedLabel, string reason)
    {
        ConfirmedLabel = confirmedLabel;
        Reason = reason;
    }

    /// <summary>The label the caller confirms; it must equal the label of the key being destroyed.</summary>
    public string ConfirmedLabel { get; }

    /// <summary>Why the key is destroyed (kept for the log).</summary>
    public string Reason { get; }

    /// <summary>Confirms the destruction of the key labelled <paramref name="label"/>.</summary>
    public static KeyDestructionConfirmation Confirm(string label, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(label, reason);
    }

    /// <summary>Throws <see cref="KeyVaultException"/> unless this confirmation names <paramref name="key"/>.</summary>
    public static void EnsureConfirms(KeyDestructionConfirmation? confirmation, KeyInfo key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (confirmation is null || !string.Equals(confirmation.ConfirmedLabel, key.Label, StringComparison.Ordinal))
        {
            throw new KeyVaultException(
                KeyVaultErrorReason.ConfirmationRequired,
                $"Destroying key '{key.Label}' requires a confirmation naming exactly that label.");
        }

        if (key.IsProtected)
        {
            throw new KeyVaultException(
                KeyVaultErrorReason.KeyProtected,
                $"Key '{key.Label}' is protected and cannot be destroyed through the key vault API.");
        }
    }
}
