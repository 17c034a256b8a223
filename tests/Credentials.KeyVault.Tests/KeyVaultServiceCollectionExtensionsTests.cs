using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Credentials.KeyVault.Tests;

public sealed class KeyVaultServiceCollectionExtensionsTests
{
    [Fact]
    public void AddKeyVaultOptions_CalledTwice_RegistersOneValidator()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());

        services.AddKeyVaultOptions();
        services.AddKeyVaultOptions();
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IValidateOptions<KeyVaultOptions>>());
    }

    [Fact]
    public void AddKeyVaultOptions_PinInConfiguration_ValueThrowsOptionsValidationException()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["KeyVault:TokenLabel"] = "t", ["KeyVault:UserPin"] = "1" })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddKeyVaultOptions();
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<KeyVaultOptions>>().Value);

        Assert.Contains("KeyVault:UserPin is set in configuration", ex.Message, StringComparison.Ordinal);
        Assert.Contains("KeyVault:ModulePath is required", ex.Message, StringComparison.Ordinal);
    }
}
