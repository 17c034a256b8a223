using Microsoft.Extensions.Configuration;

namespace Credentials.ServiceDefaults.Tests;

public sealed class ConfigurationAliasesTests
{
    [Fact]
    public void Apply_OnlyAliasSet_LibraryKeyTakesItsValue()
    {
        using var configuration = Configuration(new()
        {
            ["ConnectionStrings:Postgres"] = "Host=db;Database=credentials",
            ["KeyVault:Pkcs11:ModulePath"] = "/usr/lib/softhsm/libsofthsm2.so",
            ["KeyVault:Pkcs11:TokenLabel"] = "csca",
        });

        ConfigurationAliases.Apply(configuration);

        Assert.Equal("Host=db;Database=credentials", configuration["Postgres:ConnectionString"]);
        Assert.Equal("/usr/lib/softhsm/libsofthsm2.so", configuration["KeyVault:ModulePath"]);
        Assert.Equal("csca", configuration["KeyVault:TokenLabel"]);
    }

    [Fact]
    public void Apply_LibraryKeySetExplicitly_ExplicitValueWins()
    {
        using var configuration = Configuration(new()
        {
            ["ConnectionStrings:Postgres"] = "Host=alias",
            ["Postgres:ConnectionString"] = "Host=explicit",
            ["KeyVault:Pkcs11:PinFile"] = "/run/alias-pin",
            ["KeyVault:PinFile"] = "/run/explicit-pin",
        });

        ConfigurationAliases.Apply(configuration);

        Assert.Equal("Host=explicit", configuration["Postgres:ConnectionString"]);
        Assert.Equal("/run/explicit-pin", configuration["KeyVault:PinFile"]);
    }

    [Fact]
    public void Apply_NoAliasSet_AddsNoSource()
    {
        using var configuration = Configuration(new() { ["Unrelated"] = "x" });
        var sources = ((IConfigurationBuilder)configuration).Sources.Count;

        ConfigurationAliases.Apply(configuration);

        Assert.Equal(sources, ((IConfigurationBuilder)configuration).Sources.Count);
        Assert.Null(configuration["Postgres:ConnectionString"]);
    }

    [Fact]
    public void Pairs_EveryKeyVaultSetting_AcceptedUnderPkcs11()
    {
        Assert.Contains(("Postgres:ConnectionString", "ConnectionStrings:Postgres"), ConfigurationAliases.Pairs);
        foreach (var key in new[] { "ModulePath", "TokenLabel", "PinFile", "PinEnvironmentVariable", "MaxSessions", "SessionWaitTimeout" })
        {
            Assert.Contains(($"KeyVault:{key}", $"KeyVault:Pkcs11:{key}"), ConfigurationAliases.Pairs);
        }
    }

    private static ConfigurationManager Configuration(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(values);
        return configuration;
    }
}
