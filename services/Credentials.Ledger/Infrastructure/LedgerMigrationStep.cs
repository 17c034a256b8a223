using Credentials.Ledger.Options;
using Credentials.Outbox;
using Credentials.Outbox.Postgres;
using Credentials.Core;
using Credentials.ServiceDefaults;
using Credentials.Storage.Migrations;
using Credentials.Storage.Postgres;
using Credentials.Storage.S3;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Credentials.Ledger.Infrastructure;

/// <summary>
/// The explicit <c>migrate</c> step, run as the schema owner (the connection of <c>ConnectionStrings:Postgres</c>):
/// the <c>ledger</c> SQL migrations and inbox tables, the writer role with its password, its INSERT/SELECT-only
/// grants on the entries (UPDATE, DELETE and TRUNCATE revoked), and the checkpoint bucket.
/// </summary>
internal sealed class LedgerMigrationStep : IMigrationStep
{
    public const string SourceName = "ledger";

    private readonly LedgerDatabase _database;
    private readonly S3ObjectStore _objectStore;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly LedgerOptions _options;
    private readonly string _schema;

    public LedgerMigrationStep(
        LedgerDatabase database,
        S3ObjectStore objectStore,
        IOptions<PostgresOptions> postgres,
        IOptions<LedgerOptions> options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        _database = database;
        _objectStore = objectStore;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _options = options.Value;
        _schema = postgres.Value.Schema;
    }

    public string Name => "ledger schema, writer role and grants, checkpoint bucket";

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        // No logger factory on this data source: Npgsql would log the ALTER ROLE ... PASSWORD text below.
        await using var owner = PostgresServiceCollectionExtensions.CreateDataSource(
            new PostgresOptions { ConnectionString = _database.OwnerConnectionString, Schema = _schema }, null);
        var runner = new MigrationRunner(owner, _timeProvider, _loggerFactory.CreateLogger<MigrationRunner>());
        var sources = new[] { EmbeddedMigrations.Load(typeof(LedgerMigrationStep).Assembly, SourceName), OutboxSchema.Migrations };
        await runner.MigrateAsync(_schema, sources, cancellationToken);

        await using var connection = await owner.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var role = SchemaName.Quote(_options.WriterRole);
        var schema = SchemaName.Quote(_schema);

        // A role is cluster-wide: create it once, then (re)set its password on every migrate. The role name and the
        // password reach SQL only as parameters; format(%I, %L) quotes them for the DDL, which takes no parameters.
        bool exists;
        await using (var lookup = new NpgsqlCommand("SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = @role)", connection, transaction))
        {
            lookup.Parameters.AddWithValue("role", _options.WriterRole);
            exists = (bool)(await lookup.ExecuteScalarAsync(cancellationToken))!;
        }

        if (!exists)
        {
            await ExecuteAsync(connection, transaction, await FormatAsync(
                connection, transaction, "CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT", _options.WriterRole, password: null, cancellationToken), cancellationToken);
        }

        var alter = await FormatAsync(connection, transaction, "ALTER ROLE %I LOGIN PASSWORD %L", _options.WriterRole, _database.WriterPassword, cancellationToken);
        await ExecuteAsync(connection, transaction, alter, cancellationToken);
        await ExecuteAsync(connection, transaction, $"""
            GRANT USAGE ON SCHEMA {schema} TO {role};
            REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role};
            GRANT SELECT, INSERT ON {schema}.entries, {schema}.checkpoints, {schema}.inbox_messages TO {role};
            GRANT SELECT, INSERT, UPDATE ON {schema}.credential_status TO {role};
            REVOKE UPDATE, DELETE, TRUNCATE ON {schema}.entries FROM {role}, PUBLIC;
            REVOKE UPDATE, DELETE, TRUNCATE ON {schema}.checkpoints FROM {role}, PUBLIC;
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await _objectStore.EnsureBucketAsync(cancellationToken);
    }

    /// <summary>Builds a DDL statement with PostgreSQL's <c>format</c>: the role as %I, the password (when given) as %L.</summary>
    private static async Task<string> FormatAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string template, string role, string? password, CancellationToken cancellationToken)
    {
        await using var format = new NpgsqlCommand(
            password is null ? "SELECT format(@template::text, @role::text)" : "SELECT format(@template::text, @role::text, @password::text)", connection, transaction);
        format.Parameters.AddWithValue("template", template);
        format.Parameters.AddWithValue("role", role);
        if (password is not null)
        {
            format.Parameters.AddWithValue("password", password);
        }

        return (string)(await format.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
