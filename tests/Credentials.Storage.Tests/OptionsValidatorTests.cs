using Credentials.Storage.Postgres;
using Credentials.Storage.S3;

namespace Credentials.Storage.Tests;

public sealed class OptionsValidatorTests
{
    [Fact]
    public void Validate_CompletePostgresOptions_Succeeds() =>
        Assert.True(new PostgresOptionsValidator().Validate(null, new PostgresOptions
        {
            ConnectionString = "Host=127.0.0.1;Port=5432;Database=credentials;Username=postgres;Password=x",
            Schema = "signer",
        }).Succeeded);

    [Fact]
    public void Validate_MissingConnectionAndBadSchema_FailsWithoutEchoingSecrets()
    {
        var result = new PostgresOptionsValidator().Validate(null, new PostgresOptions { ConnectionString = "Password=secret;Nonsense Key=1", Schema = "Bad-Schema" });
        Assert.True(result.Failed);
        Assert.DoesNotContain("secret", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Schema", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NegativeMaxAutoPrepare_Fails() =>
        Assert.Contains("MaxAutoPrepare", new PostgresOptionsValidator().Validate(null, new PostgresOptions
        {
            ConnectionString = "Host=127.0.0.1;Port=5432;Database=credentials;Username=postgres;Password=x",
            Schema = "signer",
            MaxAutoPrepare = -1,
        }).FailureMessage, StringComparison.Ordinal);

    [Fact]
    public void CreateDataSource_MaxAutoPrepareOption_AppliesWhenTheConnectionStringDoesNotSetIt()
    {
        using var dataSource = PostgresServiceCollectionExtensions.CreateDataSource(
            new PostgresOptions { ConnectionString = "Host=127.0.0.1;Database=credentials;Username=postgres", Schema = "signer", MaxAutoPrepare = 32 },
            loggerFactory: null);
        Assert.Equal(32, new Npgsql.NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare);
    }

    [Fact]
    public void CreateDataSource_ConnectionStringMaxAutoPrepare_WinsOverTheOption()
    {
        using var dataSource = PostgresServiceCollectionExtensions.CreateDataSource(
            new PostgresOptions { ConnectionString = "Host=127.0.0.1;Database=credentials;Username=postgres;Max Auto Prepare=8", Schema = "signer", MaxAutoPrepare = 32 },
            loggerFactory: null);
        Assert.Equal(8, new Npgsql.NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare);
    }

    [Fact]
    public void CreateDataSource_WithoutMaxAutoPrepare_LeavesAutoPreparationOff()
    {
        using var dataSource = PostgresServiceCollectionExtensions.CreateDataSource(
            new PostgresOptions { ConnectionString = "Host=127.0.0.1;Database=credentials;Username=postgres", Schema = "signer" },
            loggerFactory: null);
        Assert.Equal(0, new Npgsql.NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare);
    }

    [Theory]
    [InlineData("credentials-audit", true)]
    [InlineData("a.b-c", true)]
    [InlineData("ab", false)]
    [InlineData("Upper", false)]
    [InlineData("-leading", false)]
    [InlineData("a..b", false)]
    public void IsValidBucketName_S3Rules(string bucket, bool valid) =>
        Assert.Equal(valid, S3StorageOptionsValidator.IsValidBucketName(bucket));

    [Fact]
    public void Validate_EndpointWithScheme_Fails()
    {
        var result = new S3StorageOptionsValidator().Validate(null, new S3StorageOptions
        {
            Endpoint = "http://127.0.0.1:9000", AccessKey = "a", SecretKey = "b", Bucket = "audit",
        });
        Assert.True(result.Failed);
        Assert.Contains("Endpoint", result.FailureMessage, StringComparison.Ordinal);
    }
}
