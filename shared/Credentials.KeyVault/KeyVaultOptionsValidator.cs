using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Credentials.KeyVault;

/// <summary>
/// Validates <see cref="KeyVaultOptions"/> at start-up: the module exists, a token label is set, exactly one PIN
/// source is set and yields a PIN, and no PIN sits in configuration in clear.
/// </summary>
public sealed class KeyVaultOptionsValidator : IValidateOptions<KeyVaultOptions>
{
    private static readonly string[] ForbiddenPinKeys = ["Pin", "UserPin", "PIN"];

    private readonly IConfiguration? _configuration;

    public KeyVaultOptionsValidator(IConfiguration? configuration = null)
    {
        _configuration = configuration;
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, KeyVaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.ModulePath))
        {
            failures.Add($"{KeyVaultOptions.SectionName}:ModulePath is required.");
        }
        else if (!File.Exists(options.ModulePath))
        {
            failures.Add($"{KeyVaultOptions.SectionName}:ModulePath '{options.ModulePath}' does not exist.");
        }

        if (string.IsNullOrWhiteSpace(options.TokenLabel))
        {
            failures.Add($"{KeyVaultOptions.SectionName}:TokenLabel is required.");
        }

        if (options.MaxSessions is < 1 or > 1024)
        {
            failures.Add($"{KeyVaultOptions.SectionName}:MaxSessions must be between 1 and 1024.");
        }

        if (options.SessionWaitTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{KeyVaultOptions.SectionName}:SessionWaitTimeout must be positive.");
        }

        try
        {
            using var pin = KeyVaultPin.Read(options);
        }
        catch (KeyVaultException ex)
        {
            failures.Add(ex.Message);
        }

        if (_configuration is not null)
        {
            var section = _configuration.GetSection(KeyVaultOptions.SectionName);
            foreach (var key in ForbiddenPinKeys)
            {
                if (section[key] is not null)
                {
                    failures.Add(
                        $"{KeyVaultOptions.SectionName}:{key} is set in configuration; a PIN must come from PinFile or PinEnvironmentVariable, never from configuration in clear.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
