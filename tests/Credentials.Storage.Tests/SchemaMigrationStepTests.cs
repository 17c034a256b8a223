using Credentials.Core;
using Credentials.Storage.Migrations;
using Credentials.Storage.Postgres;
using Credentials.Storage.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Storage.Tests;

public sealed class SchemaMigrationStepTests
{
    private static readonly MigrationSource First = new("first", [new Migration(1, "a", "SELECT 1")]);
    private static readonly MigrationSource Second = new("second", [new Migration(1, "b", "SELECT 2")]);

    [Fact]
    public void AddSchemaMigrations_NoSource_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddSchemaMigrations());
    }

    [Fact]
    public void AddSchemaMigrationsThenBucket_Steps_InRegistrationOrderNamingSchemaAndSources()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Postgres:ConnectionString"] = "Host=127.0.0.1;Username=postgres;Password=x;Database=credentials",
            ["Postgres:Schema"] = "csca",
            ["S3:Endpoint"] = "127.0.0.1:9000",
            ["S3:UseTls"] = "false",
            ["S3:Bucket"] = "credentials-csca",
            ["S3:AccessKey"] = "a",
            ["S3:SecretKey"] = "b",
        }).Build();
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddPostgresStorage()
            .AddS3ObjectStore()
            .AddSchemaMigrations(First, Second)
            .AddBucketMigration()
            .BuildServiceProvider();

        var steps = provider.GetServices<IMigrationStep>().ToList();

        Assert.Equal(2, steps.Count);
        Assert.Equal("schema csca: first, second migrations", steps[0].Name);
        Assert.Equal("object bucket", steps[1].Name);
    }
}
