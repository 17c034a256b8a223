using Credentials.IntegrationTests.Stack;
using Npgsql;

namespace Credentials.IntegrationTests.Infrastructure;

/// <summary>PostgreSQL of the local stack: TLS with a verified server certificate, plaintext refused.</summary>
public sealed class PostgresTlsTests
{
    [Fact]
    public async Task Open_VerifyFullWithStackCa_ConnectsOverTls()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var dataSource = NpgsqlDataSource.Create(stack.PostgresConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT s.ssl, s.version, current_database() FROM pg_stat_ssl s WHERE s.pid = pg_backend_pid()", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        Assert.True(await reader.ReadAsync(cancellationToken));
        Assert.True(reader.GetBoolean(0));
        Assert.StartsWith("TLSv1.", reader.GetString(1), StringComparison.Ordinal);
        Assert.Equal(stack.PostgresDatabase, reader.GetString(2));
    }

    [Fact]
    public async Task Open_WithoutTls_IsRefusedByHostSslOnlyHba()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var builder = new NpgsqlConnectionStringBuilder(stack.PostgresConnectionString)
        {
            SslMode = SslMode.Disable,
            RootCertificate = null,
            Pooling = false,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);

        var exception = await Assert.ThrowsAsync<PostgresException>(
            () => connection.OpenAsync(TestContext.Current.CancellationToken));

        // 28000 invalid_authorization_specification: "no pg_hba.conf entry ... no encryption".
        Assert.Equal(PostgresErrorCodes.InvalidAuthorizationSpecification, exception.SqlState);
        Assert.Contains("no encryption", exception.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_WithForeignRootCertificate_FailsServerVerification()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var builder = new NpgsqlConnectionStringBuilder(stack.PostgresConnectionString)
        {
            RootCertificate = stack.TlsFile("foreign-ca.crt"),
            Pooling = false,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);

        var exception = await Assert.ThrowsAnyAsync<NpgsqlException>(
            () => connection.OpenAsync(TestContext.Current.CancellationToken));

        Assert.IsNotType<PostgresException>(exception);
    }
}
