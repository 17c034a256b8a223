using Credentials.IntegrationTests.Stack;
using Credentials.Outbox;
using Credentials.Outbox.Postgres;
using Credentials.Storage;
using Credentials.Storage.Migrations;
using Credentials.Storage.Postgres;
using Credentials.Storage.S3;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Credentials.IntegrationTests.Storage;

public sealed class StorageTests
{
    private static readonly MigrationSource TestMigrations = new("testsvc",
    [
        new Migration(1, "documents", "CREATE TABLE documents (id uuid PRIMARY KEY, object_key text NOT NULL)"),
        new Migration(2, "documents_kind", "ALTER TABLE documents ADD COLUMN kind text NOT NULL DEFAULT 'sod'"),
    ]);

    [Fact]
    public async Task PutAsync_SameObjectTwice_StoredOnce()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        using var store = await CreateStoreAsync(stack, ct);
        var bytes = System.Text.Encoding.UTF8.GetBytes("EF.SOD " + Guid.NewGuid());

        var first = await store.PutAsync(new ObjectContent(bytes), ct);
        var second = await store.PutAsync(new ObjectContent(bytes.ToArray()), ct);

        Assert.False(first.AlreadyExisted);
        Assert.True(second.AlreadyExisted);
        Assert.Equal(first.Key, second.Key);
        Assert.Equal(first.VersionId, second.VersionId);
        Assert.StartsWith("sha256/", first.Key.Value, StringComparison.Ordinal);
        Assert.Equal(bytes, await store.GetAsync(first.Key, ct));
        Assert.True(await store.ExistsAsync(first.Key, ct));
    }

    [Fact]
    public async Task WriteAsync_NewObjectThenTheSameBytesAgain_ReadableUnderItsKey()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        using var store = await CreateStoreAsync(stack, ct);
        var bytes = System.Text.Encoding.UTF8.GetBytes("EF.SOD " + Guid.NewGuid());
        var content = new ObjectContent(bytes);

        await store.WriteAsync(content, ct);
        var first = await store.StatAsync(content.Key, ct);
        await store.WriteAsync(new ObjectContent(bytes.ToArray()), ct);

        Assert.NotNull(first);
        Assert.Equal(bytes.Length, first.Size);
        Assert.Equal(bytes, await store.GetAsync(content.Key, ct));
        // A second write of the same bytes is harmless: the object still reads back as those bytes.
        Assert.Equal(bytes.Length, (await store.StatAsync(content.Key, ct))?.Size);
    }

    [Fact]
    public async Task DeleteVersionAsync_VersionUnderComplianceRetention_IsDenied()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        using var store = await CreateStoreAsync(stack, ct);
        var retainUntil = DateTimeOffset.UtcNow.AddDays(1);
        var locked = await store.PutAsync(
            new ObjectContent(Guid.NewGuid().ToByteArray(), "application/octet-stream", new ObjectRetention(ObjectRetentionMode.Compliance, retainUntil)),
            ct);
        var unlocked = await store.PutAsync(new ObjectContent(Guid.NewGuid().ToByteArray()), ct);

        var stat = await store.StatAsync(locked.Key, ct);
        Assert.NotNull(stat?.Retention);
        Assert.Equal(ObjectRetentionMode.Compliance, stat.Retention.Mode);
        Assert.InRange(stat.Retention.RetainUntil, retainUntil.AddSeconds(-2), retainUntil.AddSeconds(2));
        Assert.NotNull(locked.VersionId);

        var denied = await Assert.ThrowsAsync<StorageException>(() => store.DeleteVersionAsync(locked.Key, locked.VersionId!, ct));
        Assert.Equal(StorageErrorReason.ObjectLocked, denied.Reason);
        Assert.True(await store.ExistsAsync(locked.Key, ct));

        // Control: without retention the same call deletes the version.
        await store.DeleteVersionAsync(unlocked.Key, unlocked.VersionId!, ct);
        Assert.False(await store.ExistsAsync(unlocked.Key, ct));
    }

    [Fact]
    public async Task MigrateAsync_TwoConcurrentRunsThenAThird_AppliedOnceAndRecorded()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        var schema = "it_storage_" + Guid.NewGuid().ToString("N")[..12];
        await using var dataSource = CreateDataSource(stack, schema);
        var runner = new MigrationRunner(dataSource, TimeProvider.System, NullLogger<MigrationRunner>.Instance);
        try
        {
            var results = await Task.WhenAll(
                runner.MigrateAsync(schema, [OutboxSchema.Migrations, TestMigrations], ct),
                runner.MigrateAsync(schema, [OutboxSchema.Migrations, TestMigrations], ct));
            var third = await runner.MigrateAsync(schema, [OutboxSchema.Migrations, TestMigrations], ct);

            // The advisory lock serialises the two: one applies all three scripts, the other finds nothing to do.
            Assert.Equal(3, results.Sum(r => r.Applied.Count));
            Assert.Contains(results, r => r.Applied.Count == 0);
            Assert.Empty(third.Applied);
            await using var command = dataSource.CreateCommand(
                $"SELECT source, version, checksum FROM \"{schema}\".schema_migrations ORDER BY source, version");
            await using var reader = await command.ExecuteReaderAsync(ct);
            var rows = new List<(string, int, string)>();
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetString(0), reader.GetInt32(1), reader.GetString(2)));
            }

            Assert.Equal(
                [("outbox", 1, OutboxSchema.Migrations.Migrations[0].Checksum), ("testsvc", 1, TestMigrations.Migrations[0].Checksum), ("testsvc", 2, TestMigrations.Migrations[1].Checksum)],
                rows);
        }
        finally
        {
            await DropSchemaAsync(dataSource, schema);
        }
    }

    [Fact]
    public async Task MigrateAsync_AppliedScriptChanged_FailsWithChecksumMismatch()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        var schema = "it_storage_" + Guid.NewGuid().ToString("N")[..12];
        await using var dataSource = CreateDataSource(stack, schema);
        var runner = new MigrationRunner(dataSource, TimeProvider.System, NullLogger<MigrationRunner>.Instance);
        try
        {
            await runner.MigrateAsync(schema, [TestMigrations], ct);
            var edited = new MigrationSource("testsvc",
            [
                new Migration(1, "documents", "CREATE TABLE documents (id uuid PRIMARY KEY, object_key text)"),
                TestMigrations.Migrations[1],
            ]);

            var failure = await Assert.ThrowsAsync<StorageException>(() => runner.MigrateAsync(schema, [edited], ct));
            Assert.Equal(StorageErrorReason.MigrationChecksumMismatch, failure.Reason);
        }
        finally
        {
            await DropSchemaAsync(dataSource, schema);
        }
    }

    [Fact]
    public async Task ExecuteAsync_BodyFailsAfterWritingObjects_LeavesNoMetadataAndNoEvents()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        var schema = "it_storage_" + Guid.NewGuid().ToString("N")[..12];
        await using var dataSource = CreateDataSource(stack, schema);
        using var store = await CreateStoreAsync(stack, ct);
        var runner = new MigrationRunner(dataSource, TimeProvider.System, NullLogger<MigrationRunner>.Instance);
        await runner.MigrateAsync(schema, [OutboxSchema.Migrations, TestMigrations], ct);
        var writer = new OutboxWriter(Options.Create(new OutboxOptions { Schema = schema }), TimeProvider.System);
        var unitOfWork = new PostgresUnitOfWork(store, dataSource, NullLogger<PostgresUnitOfWork>.Instance);
        try
        {
            var failing = new ObjectContent(Guid.NewGuid().ToByteArray());
            await Assert.ThrowsAsync<InvalidOperationException>(() => unitOfWork.ExecuteAsync<int>([failing], async (context, token) =>
            {
                await InsertDocumentAndEventAsync(context, writer, token);
                throw new InvalidOperationException("simulated failure after the writes");
            }, ct));

            Assert.True(await store.ExistsAsync(failing.Key, ct)); // stored first; unreferenced, harmless
            Assert.Equal(0, await CountAsync(dataSource, $"\"{schema}\".documents", ct));
            Assert.Equal(0, await CountAsync(dataSource, $"\"{schema}\".outbox_messages", ct));

            // The same unit of work that returns normally commits metadata and event together.
            var succeeding = new ObjectContent(Guid.NewGuid().ToByteArray());
            await unitOfWork.ExecuteAsync([succeeding], async (context, token) =>
            {
                await InsertDocumentAndEventAsync(context, writer, token);
                return 0;
            }, ct);
            Assert.Equal(1, await CountAsync(dataSource, $"\"{schema}\".documents", ct));
            Assert.Equal(1, await CountAsync(dataSource, $"\"{schema}\".outbox_messages", ct));
        }
        finally
        {
            await DropSchemaAsync(dataSource, schema);
        }
    }

    private static async Task InsertDocumentAndEventAsync(UnitOfWorkContext context, OutboxWriter writer, CancellationToken token)
    {
        await using (var insert = new NpgsqlCommand("INSERT INTO documents (id, object_key) VALUES (@id, @key)", context.Connection, context.Transaction))
        {
            insert.Parameters.AddWithValue("id", Guid.NewGuid());
            insert.Parameters.AddWithValue("key", context.Objects[0].Key.Value);
            await insert.ExecuteNonQueryAsync(token);
        }

        await writer.EnqueueAsync(context.Connection, context.Transaction, new OutboxMessage
        {
            EventId = Guid.NewGuid(),
            EventType = "credentials.events.v1.CredentialIssued",
            Topic = "credential.issued",
            AggregateKey = context.Objects[0].Key.Value,
            Payload = new byte[] { 1, 2, 3 },
        }, token);
    }

    private static NpgsqlDataSource CreateDataSource(StackEnvironment stack, string schema) =>
        PostgresServiceCollectionExtensions.CreateDataSource(new PostgresOptions { ConnectionString = stack.PostgresConnectionString, Schema = schema }, null);

    private static async Task<S3ObjectStore> CreateStoreAsync(StackEnvironment stack, CancellationToken ct)
    {
        var store = new S3ObjectStore(
            Options.Create(new S3StorageOptions
            {
                Endpoint = stack.S3Endpoint,
                AccessKey = stack.S3AccessKey,
                SecretKey = stack.S3SecretKey,
                Region = stack.S3Region,
                Bucket = "it-storage-" + Guid.NewGuid().ToString("N")[..12],
                UseTls = false,
                CreateBucket = true,
            }),
            NullLogger<S3ObjectStore>.Instance);
        try
        {
            await store.EnsureBucketAsync(ct);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string table, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM " + table);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task DropSchemaAsync(NpgsqlDataSource dataSource, string schema)
    {
        await using var command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        await command.ExecuteNonQueryAsync();
    }
}
