using Credentials.IntegrationTests.Stack;
using Credentials.KeyVault;
using Credentials.KeyVault.Pkcs11;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Credentials.IntegrationTests.KeyVault;

/// <summary>AddPkcs11KeyVault wiring: options validated at start-up, the readiness check against the real token.</summary>
public sealed class Pkcs11KeyVaultRegistrationTests
{
    [Fact]
    public async Task AddPkcs11KeyVault_StackToken_HealthCheckIsHealthy()
    {
        var stack = StackEnvironment.RequireOrSkip();
        await using var provider = Build(stack, extra: null);

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        var entry = Assert.Single(report.Entries);
        Assert.Equal("keyvault", entry.Key);
        Assert.True(
            entry.Value.Status == HealthStatus.Healthy,
            $"keyvault is {entry.Value.Status}: {entry.Value.Description} ({string.Join(", ", entry.Value.Data.Select(d => $"{d.Key}={d.Value}"))})");
        Assert.Equal("tests", entry.Value.Data["token"]);
        Assert.IsType<Pkcs11KeyVaultClient>(provider.GetRequiredService<IKeyVaultClient>());
    }

    [Fact]
    public async Task AddPkcs11KeyVault_MissingToken_HealthCheckIsUnhealthyWithReason()
    {
        var stack = StackEnvironment.RequireOrSkip();
        await using var provider = Build(stack, new Dictionary<string, string?> { ["KeyVault:TokenLabel"] = "absent-token" });

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Equal(nameof(KeyVaultErrorReason.TokenNotFound), report.Entries["keyvault"].Data["reason"]);
    }

    [Fact]
    public async Task AddPkcs11KeyVault_PinInConfiguration_FailsValidation()
    {
        var stack = StackEnvironment.RequireOrSkip();
        await using var provider = Build(stack, new Dictionary<string, string?> { ["KeyVault:Pin"] = stack.Pkcs11UserPin });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<KeyVaultOptions>>().Value);

        Assert.Contains("never from configuration in clear", ex.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(StackEnvironment stack, Dictionary<string, string?>? extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["KeyVault:ModulePath"] = stack.Pkcs11ModulePath,
            ["KeyVault:TokenLabel"] = KeyVaultStack.TokenLabel,
            ["KeyVault:PinEnvironmentVariable"] = KeyVaultStack.PinVariable,
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddPkcs11KeyVault();
        services.AddHealthChecks().AddPkcs11KeyVault();
        return services.BuildServiceProvider();
    }
}
