using System.Security.Cryptography;
using System.Text;

namespace Credentials.KeyVault;

/// <summary>
/// A user PIN read from its configured source. The bytes are zeroed on dispose; the PIN is never logged and never
/// appears in an exception message.
/// </summary>
internal sealed class KeyVaultPin : IDisposable
{
    private readonly byte[] _value;

    private KeyVaultPin(byte[] value)
    {
        _value = value;
    }

    /// <summary>The PIN bytes (UTF-8), valid until dispose.</summary>
    public byte[] Value => _value;

    /// <summary>Reads the PIN from the file or environment variable named in <paramref name="options"/>.</summary>
    public static KeyVaultPin Read(KeyVaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var hasFile = !string.IsNullOrWhiteSpace(options.PinFile);
        var hasVariable = !string.IsNullOrWhiteSpace(options.PinEnvironmentVariable);
        if (hasFile == hasVariable)
        {
            throw new KeyVaultException(
                KeyVaultErrorReason.Configuration,
                $"Exactly one of {KeyVaultOptions.SectionName}:PinFile and {KeyVaultOptions.SectionName}:PinEnvironmentVariable must be set.");
        }

        string text;
        if (hasFile)
        {
            if (!File.Exists(options.PinFile))
            {
                throw new KeyVaultException(
                    KeyVaultErrorReason.Configuration, $"The PIN file '{options.PinFile}' does not exist.");
            }

            text = File.ReadAllText(options.PinFile!, Encoding.UTF8);
        }
        else
        {
            text = Environment.GetEnvironmentVariable(options.PinEnvironmentVariable!) ?? string.Empty;
        }

        // A trailing newline in a secret file is not part of the PIN.
        var trimmed = text.TrimEnd('\r', '\n');
        if (trimmed.Length == 0)
        {
            throw new KeyVaultException(
                KeyVaultErrorReason.Configuration,
                hasFile
                    ? $"The PIN file '{options.PinFile}' is empty."
                    : $"The environment variable '{options.PinEnvironmentVariable}' holding the PIN is unset or empty.");
        }

        return new KeyVaultPin(Encoding.UTF8.GetBytes(trimmed));
    }

    /// <summary>A fingerprint to compare two PINs without keeping either in clear.</summary>
    public byte[] Fingerprint() => SHA256.HashData(_value);

    public void Dispose() => CryptographicOperations.ZeroMemory(_value);
}
