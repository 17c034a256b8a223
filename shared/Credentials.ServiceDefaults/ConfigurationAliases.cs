using Microsoft.Extensions.Configuration;

namespace Credentials.ServiceDefaults;

/// <summary>
/// Accepts the names the deployment scripts, the Helm chart and the integration suite pass
/// (<c>ConnectionStrings:Postgres</c>, <c>KeyVault:Pkcs11:*</c>) for the settings the shared libraries bind
/// (<c>Postgres:ConnectionString</c>, <c>KeyVault:*</c>); an explicitly set library key wins. One place for every
/// service (issue 17 item 4); a service without an HSM simply never binds the <c>KeyVault</c> keys.
/// </summary>
public static class ConfigurationAliases
{
    /// <summary>The <c>KeyVault</c> settings also accepted under <c>KeyVault:Pkcs11</c>.</summary>
    private static readonly string[] KeyVaultKeys = ["ModulePath", "TokenLabel", "PinFile", "PinEnvironmentVariable", "MaxSessions", "SessionWaitTimeout"];

    /// <summary>The (library key, accepted alias) pairs.</summary>
    public static IReadOnlyList<(string Target, string Source)> Pairs { get; } =
    [
        ("Postgres:ConnectionString", "ConnectionStrings:Postgres"),
        .. KeyVaultKeys.Select(key => ($"KeyVault:{key}", $"KeyVault:Pkcs11:{key}")),
    ];

    /// <summary>Adds, as an in-memory source, each library key that is unset while its alias is set.</summary>
    public static void Apply(IConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var aliases = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (target, source) in Pairs)
        {
            if (string.IsNullOrEmpty(configuration[target]) && !string.IsNullOrEmpty(configuration[source]))
            {
                aliases[target] = configuration[source];
            }
        }

        if (aliases.Count > 0)
        {
            configuration.AddInMemoryCollection(aliases);
        }
    }
}
