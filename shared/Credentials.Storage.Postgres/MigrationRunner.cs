using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Credentials.Storage.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Credentials.Storage.Postgres;

/// <summary>
/// Applies versioned SQL migrations to one schema, explicitly (a migrate step, never implicitly at start-up).
/// Each schema has a <c>schema_migrations</c> table keyed by (source, version) recording name, checksum and time.
/// A session advisory lock per schema serialises concurrent migrators; checksums of applied scripts are verified
/// before anything new is applied; each script runs in its own transaction with <c>search_path</c> set to the
/// schema, together with the row that records it.
/// </summary>
public sealed partial class MigrationRunner
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<MigrationRunner> _logger;

    public MigrationRunner(NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger<MigrationRunner> logger)
    {
        _dataSource = dataSource;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The advisory lock key for a schema: the first 8 bytes of SHA-256("credentials.migrations:" + schema).</summary>
    public static long AdvisoryLockKey(string schema)
    {
        SchemaName.Validate(schema, nameof(schema));
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes("credentials.migrations:" + schema));
        return BinaryPrimitives.ReadInt64BigEndian(digest);
    }

    /// <summary>Creates <paramref name="schema"/> if needed and applies every pending migration of <paramref name="sources"/>.</summary>
    public async Task<MigrationResult> MigrateAsync(string schema, IReadOnlyList<MigrationSource> sources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var quoted = SchemaName.Quote(schema);
        if (sources.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != sources.Count)
        {
            throw new StorageException(StorageErrorReason.InvalidMigration, "Each migration source may be given once.");
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var lockKey = AdvisoryLockKey(schema);
        await ExecuteAsync(connection, null, "SELECT pg_advisory_lock(@key)", lockKey, cancellationToken);
        try
        {
            await ExecuteAsync(
                connection,
                null,
                $"""
                CREATE SCHEMA IF NOT EXISTS {quoted};
                CREATE TABLE IF NOT EXISTS {quoted}.schema_migrations (
                    source       text        NOT NULL,
                    version      integer     NOT NULL,
                    name         text        NOT NULL,
                    checksum     text        NOT NULL,
                    applied_at   timestamptz NOT NULL,
                    execution_ms integer     NOT NULL,
                    PRIMARY KEY (source, version)
                );
                """,
                null,
                cancellationToken);

            var recorded = await ReadRecordedAsync(connection, quoted, cancellationToken);
            var pending = new List<(MigrationSource Source, Migration Migration)>();
            foreach (var source in sources)
            {
                foreach (var migration in source.Migrations)
                {
                    if (recorded.TryGetValue((source.Name, migration.Version), out var checksum))
                    {
                        if (!string.Equals(checksum, migration.Checksum, StringComparison.Ordinal))
                        {
                            throw new StorageException(
                                StorageErrorReason.MigrationChecksumMismatch,
                                $"Migration {source.Name}/V{migration.Version:D4}__{migration.Name} in schema '{schema}' was changed after it was applied (recorded checksum {checksum}, script {migration.Checksum}).");
                        }
                    }
                    else
                    {
                        pending.Add((source, migration));
                    }
                }

                var known = source.Migrations.Select(m => m.Version).ToHashSet();
                foreach (var ((recordedSource, version), _) in recorded)
                {
                    if (recordedSource == source.Name && !known.Contains(version))
                    {
                        LogUnknownRecordedMigration(schema, source.Name, version);
                    }
                }
            }

            var applied = new List<AppliedMigration>(pending.Count);
            foreach (var (source, migration) in pending)
            {
                await ApplyAsync(connection, schema, quoted, source, migration, cancellationToken);
                applied.Add(new AppliedMigration(source.Name, migration.Version, migration.Name));
            }

            if (applied.Count == 0)
            {
                LogUpToDate(schema);
            }

            return new MigrationResult(schema, applied);
        }
        finally
        {
            if (connection.FullState == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock(@key)", lockKey, CancellationToken.None);
            }
        }
    }

    private static async Task<Dictionary<(string Source, int Version), string>> ReadRecordedAsync(
        NpgsqlConnection connection, string quoted, CancellationToken cancellationToken)
    {
        var recorded = new Dictionary<(string, int), string>();
        await using var command = new NpgsqlCommand($"SELECT source, version, checksum FROM {quoted}.schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            recorded[(reader.GetString(0), reader.GetInt32(1))] = reader.GetString(2);
        }

        return recorded;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, long? key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        if (key is { } value)
        {
            command.Parameters.AddWithValue("key", value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task ApplyAsync(
        NpgsqlConnection connection,
        string schema,
        string quoted,
        MigrationSource source,
        Migration migration,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SET LOCAL search_path TO {quoted}", null, cancellationToken);
        try
        {
            await ExecuteAsync(connection, transaction, migration.Sql, null, cancellationToken);
        }
        catch (PostgresException exception)
        {
            throw new StorageException(
                StorageErrorReason.InvalidMigration,
                $"Migration {source.Name}/V{migration.Version:D4}__{migration.Name} failed in schema '{schema}': {exception.SqlState} {exception.MessageText}",
                exception);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        await using (var record = new NpgsqlCommand(
            $"INSERT INTO {quoted}.schema_migrations (source, version, name, checksum, applied_at, execution_ms) VALUES (@source, @version, @name, @checksum, @appliedAt, @ms)",
            connection,
            transaction))
        {
            record.Parameters.AddWithValue("source", source.Name);
            record.Parameters.AddWithValue("version", migration.Version);
            record.Parameters.AddWithValue("name", migration.Name);
            record.Parameters.AddWithValue("checksum", migration.Checksum);
            record.Parameters.AddWithValue("appliedAt", _timeProvider.GetUtcNow());
            record.Parameters.AddWithValue("ms", (int)Math.Min(int.MaxValue, elapsed.TotalMilliseconds));
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        LogApplied(schema, source.Name, migration.Version, migration.Name, (long)elapsed.TotalMilliseconds);
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Applied migration {Source}/V{Version} {Name} to schema {Schema} in {ElapsedMs} ms")]
    private partial void LogApplied(string schema, string source, int version, string name, long elapsedMs);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Schema {Schema} is up to date")]
    private partial void LogUpToDate(string schema);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Schema {Schema} records migration {Source}/V{Version}, which no longer exists in the source")]
    private partial void LogUnknownRecordedMigration(string schema, string source, int version);
}
