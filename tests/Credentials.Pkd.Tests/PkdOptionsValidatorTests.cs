using Credentials.Pkd.Options;

namespace Credentials.Pkd.Tests;

public sealed class PkdOptionsValidatorTests
{
    private static readonly string Pin = new('a', 64);

    [Fact]
    public void Validate_WellFormedSources_Succeeds()
    {
        var options = new PkdOptions
        {
            Sources =
            [
                new() { Name = "de-ml", Kind = PkdSourceKind.Directory, Location = "/tmp", Type = PkdSourceType.MasterList, TrustedMasterListSigners = [Pin], Schedule = "6h" },
                new() { Name = "icao", Kind = PkdSourceKind.Https, Location = "https://pkd.example/icaopkd-002.ldif", Type = PkdSourceType.IcaoPkdLdif, Schedule = "0 3 * * *" },
                new() { Name = "bucket", Kind = PkdSourceKind.S3, Location = "pkd-drop/crls", Type = PkdSourceType.Crl },
            ],
        };

        Assert.True(new PkdOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("Upper", "Directory", "/tmp", "", "")]
    [InlineData("ok", "Https", "http://plain.example/x", "", "")]
    [InlineData("ok", "Directory", "", "", "")]
    [InlineData("ok", "Directory", "/tmp", "sometimes", "")]
    [InlineData("ok", "Directory", "/tmp", "", "/no/such/pin.cer")]
    [InlineData("ok", "S3", "ab", "", "")]
    public void Validate_BadSource_FailsWithItsKey(string name, string kind, string location, string schedule, string pin)
    {
        var source = new PkdSourceOptions { Name = name, Kind = Enum.Parse<PkdSourceKind>(kind), Location = location, Schedule = schedule };
        if (pin.Length > 0)
        {
            source.TrustedMasterListSigners.Add(pin);
        }

        var result = new PkdOptionsValidator().Validate(null, new PkdOptions { Sources = [source] });

        Assert.True(result.Failed);
        Assert.Contains("Pkd:Sources:0", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateNames_Fails()
    {
        var options = new PkdOptions
        {
            Sources = [new() { Name = "a", Location = "/tmp" }, new() { Name = "a", Location = "/var" }],
        };

        var result = new PkdOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("used twice", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65)]
    public void Validate_VerificationWorkersOutOfRange_Fails(int workers)
    {
        var result = new PkdOptionsValidator().Validate(null, new PkdOptions { VerificationWorkers = workers });

        Assert.True(result.Failed);
        Assert.Contains("VerificationWorkers", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void EffectiveVerificationWorkers_Zero_IsOnePerProcessor()
    {
        Assert.Equal(Environment.ProcessorCount, new PkdOptions().EffectiveVerificationWorkers);
        Assert.Equal(3, new PkdOptions { VerificationWorkers = 3 }.EffectiveVerificationWorkers);
    }
}
