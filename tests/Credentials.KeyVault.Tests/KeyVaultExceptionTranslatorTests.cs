using Credentials.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.KeyVault.Tests;

public sealed class KeyVaultExceptionTranslatorTests
{
    [Theory]
    [InlineData(KeyVaultErrorReason.ModuleUnavailable)]
    [InlineData(KeyVaultErrorReason.TokenNotFound)]
    [InlineData(KeyVaultErrorReason.TokenUnavailable)]
    [InlineData(KeyVaultErrorReason.DeviceError)]
    public void Translate_VaultUnreachable_UnavailableKeyVaultUnavailableWithRetry(KeyVaultErrorReason reason)
    {
        var error = Translator().Translate(new KeyVaultException(reason, "down"));

        Assert.NotNull(error);
        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Equal("KEY_VAULT_UNAVAILABLE", error.Reason);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
    }

    [Theory]
    [InlineData(KeyVaultErrorReason.KeyNotFound)]
    [InlineData(KeyVaultErrorReason.UnsupportedAlgorithm)]
    [InlineData(KeyVaultErrorReason.PinLocked)]
    public void Translate_VaultRefuses_FailedPreconditionKeyVaultRefused(KeyVaultErrorReason reason)
    {
        var vault = new KeyVaultException(reason, "refused");

        var error = Translator().Translate(vault);

        Assert.NotNull(error);
        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal("KEY_VAULT_REFUSED", error.Reason);
        Assert.Contains(reason.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Same(vault, error.InnerException);
    }

    [Fact]
    public void Translate_OtherLibraryException_Null() =>
        Assert.Null(Translator().Translate(new InvalidOperationException("not the vault's")));

    [Fact]
    public void AddKeyVaultOptions_WithSoftwareVault_RegistersTheTranslatorOnce()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());

        services.AddKeyVaultOptions();
        services.AddSoftwareKeyVault();
        using var provider = services.BuildServiceProvider();

        Assert.IsType<KeyVaultExceptionTranslator>(Assert.Single(provider.GetServices<IExceptionTranslator>()));
    }

    private static IExceptionTranslator Translator()
    {
        var services = new ServiceCollection().AddKeyVaultErrorTranslation();
        using var provider = services.BuildServiceProvider();
        return provider.GetServices<IExceptionTranslator>().Single();
    }
}
