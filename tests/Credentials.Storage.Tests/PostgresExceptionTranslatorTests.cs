using Credentials.Core;
using Credentials.Storage.Postgres;
using Credentials.Storage.S3;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Credentials.Storage.Tests;

public sealed class PostgresExceptionTranslatorTests
{
    [Theory]
    [InlineData("22021")] // character_not_in_repertoire (NUL in text)
    [InlineData("22P02")] // invalid_text_representation
    public void Translate_DataException_InvalidArgumentInvalidValue(string sqlState)
    {
        var error = Translator().Translate(new PostgresException("bad value", "ERROR", "ERROR", sqlState));

        Assert.NotNull(error);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("INVALID_VALUE", error.Reason);
    }

    [Fact]
    public void Translate_TransientFailure_UnavailableDependencyUnavailableWithRetry()
    {
        var database = new NpgsqlException("connection lost", new IOException("reset"));
        Assert.True(database.IsTransient);

        var error = Translator().Translate(database);

        Assert.NotNull(error);
        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Equal("DEPENDENCY_UNAVAILABLE", error.Reason);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
    }

    [Fact]
    public void Translate_UniqueViolation_NullStaysUnexpected() =>
        Assert.Null(Translator().Translate(new PostgresException("duplicate key", "ERROR", "ERROR", "23505")));

    [Fact]
    public void AddPostgresStorageAndS3_Both_RegisterEachTranslatorOnce()
    {
        var services = new ServiceCollection();
        services.AddPostgresStorage();
        services.AddS3ObjectStore();
        using var provider = services.BuildServiceProvider();

        var translators = provider.GetServices<IExceptionTranslator>().Select(t => t.GetType().Name).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["PostgresExceptionTranslator", "StorageExceptionTranslator"], translators);
    }

    private static IExceptionTranslator Translator()
    {
        using var provider = new ServiceCollection().AddPostgresStorage().BuildServiceProvider();
        return provider.GetServices<IExceptionTranslator>().Single(t => t.GetType().Name == "PostgresExceptionTranslator");
    }
}
