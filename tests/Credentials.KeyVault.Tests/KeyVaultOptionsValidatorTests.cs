using Microsoft.Extensions.Configuration;

namespace Credentials.KeyVault.Tests;

public sealed class KeyVaultOptionsValidatorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyvault-options-").FullName;
    private readonly string _variable = "CRED_KEYVAULT_TEST_PIN_" + Guid.NewGuid().ToString("N");

    [Fact]
    public void Validate_ModuleTokenAndPinFile_Succeeds()
    {
        var options = ValidOptions();

        var result = new KeyVaultOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_PinFromEnvironmentVariable_Succeeds()
    {
        Environment.SetEnvironmentVariable(_variable, "4321");
        var options = ValidOptions();
        options.PinFile = null;
        options.PinEnvironmentVariable = _variable;

        Assert.True(new KeyVaultOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_MissingModule_FailsNamingThePath()
    {
        var options = ValidOptions();
        options.ModulePath = Path.Combine(_directory, "missing.so");

        var result = new KeyVaultOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("missing.so' does not exist", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoTokenLabel_Fails()
    {
        var options = ValidOptions();
        options.TokenLabel = "";

        Assert.Contains("TokenLabel is required", new KeyVaultOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BothPinSources_Fails()
    {
        var options = ValidOptions();
        options.PinEnvironmentVariable = _variable;

        Assert.Contains("Exactly one of", new KeyVaultOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnsetPinVariable_Fails()
    {
        var options = ValidOptions();
        options.PinFile = null;
        options.PinEnvironmentVariable = _variable;

        Assert.Contains("unset or empty", new KeyVaultOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PinInConfiguration_FailsWithoutEchoingIt()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["KeyVault:Pin"] = "9876" })
            .Build();

        var result = new KeyVaultOptionsValidator(configuration).Validate(null, ValidOptions());

        Assert.True(result.Failed);
        Assert.Contains("never from configuration in clear", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("9876", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PinFileWithTrailingNewline_StripsIt()
    {
        using var pin = KeyVaultPin.Read(ValidOptions());

        Assert.Equal("1234"u8.ToArray(), pin.Value);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        Directory.Delete(_directory, recursive: true);
    }

    private KeyVaultOptions ValidOptions()
    {
        var module = Path.Combine(_directory, "module.so");
        File.WriteAllBytes(module, [0x7f]);
        var pinFile = Path.Combine(_directory, "pin");
        File.WriteAllText(pinFile, "1234\n");
        return new KeyVaultOptions { ModulePath = module, TokenLabel = "tests", PinFile = pinFile };
    }
}
