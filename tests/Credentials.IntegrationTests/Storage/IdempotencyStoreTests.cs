using System.Reflection;
using System.Text;
using Credentials.IntegrationTests.Stack;
using Credentials.Storage.Migrations;
using Credentials.Storage;
using Credentials.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Credentials.IntegrationTests.Storage;

/// <summary>The shared <see cref="PostgresIdempotencyStore"/> against the real PostgreSQL, and the service migrations that move
/// their older request tables into it keeping what the rows mean.</summary>
public sealed class IdempotencyStoreTests
{
    [Fact]
    public async Task LookupAsync_UnknownRequestId_New()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var schema = await TestSchema.CreateAsync(stack, [IdempotencySchema.Migrations], ct);

        var lookup = await schema.Store.LookupAsync(Request("r-1", "Op", "body"), ct);

        Assert.Equal(IdempotencyStatus.New, lookup.Status);
        Assert.Null(lookup.Response);
    }

    [Fact]
    public async Task RecordAsync_SameRequestRetried_ReplaysStoredResponse()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var schema = await TestSchema.CreateAsync(stack, [IdempotencySchema.Migrations], ct);
        var request = Request("r-1", "CreateCsca", "body");

        await using (var connection = await schema.DataSource.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            await schema.Store.RecordAsync(connection, transaction, request, [1, 2, 3], ct);
            await transaction.CommitAsync(ct);
        }

        var lookup = await schema.Store.LookupAsync(Request("r-1", "CreateCsca", "body"), ct);

        Assert.Equal(IdempotencyStatus.Replay, lookup.Status);
        Assert.Equal([1, 2, 3], lookup.Response);
    }

    [Fact]
    public async Task LockAndLookupAsync_ConcurrentDuplicate_WaitsForTheFirstCommitThenReplays()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var schema = await TestSchema.CreateAsync(stack, [IdempotencySchema.Migrations], ct);
        var request = Request("r-lock", "SignVisibleSeal", "body");

        await using var first = await schema.DataSource.OpenConnectionAsync(ct);
        await using var firstTransaction = await first.BeginTransactionAsync(ct);
        Assert.Equal(IdempotencyStatus.New, (await PostgresIdempotencyStore.LockAndLookupAsync(first, firstTransaction, request, ct)).Status);

        // The duplicate blocks on the request_id's advisory lock while the first attempt works…
        var duplicate = Task.Run(async () =>
        {
            await using var second = await schema.DataSource.OpenConnectionAsync(ct);
            await using var secondTransaction = await second.BeginTransactionAsync(ct);
            return await PostgresIdempotencyStore.LockAndLookupAsync(second, secondTransaction, request, ct);
        }, ct);
        await Task.Delay(300, ct);
        Assert.False(duplicate.IsCompleted);

        // …and once it commits its response, the duplicate finds it: the guarded work ran once.
        await schema.Store.RecordAsync(first, firstTransaction, request, [4, 2], ct);
        await firstTransaction.CommitAsync(ct);
        var lookup = await duplicate.WaitAsync(TimeSpan.FromSeconds(30), ct);

        Assert.Equal(IdempotencyStatus.Replay, lookup.Status);
        Assert.Equal([4, 2], lookup.Response);
    }

    [Fact]
    public async Task LookupAsync_SameRequestIdOtherBodyOrOperation_Conflict()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var schema = await TestSchema.CreateAsync(stack, [IdempotencySchema.Migrations], ct);
        Assert.True(await schema.Store.TryRecordAsync(Request("r-1", "CreateCsca", "body"), [9], ct));

        var otherBody = await schema.Store.LookupAsync(Request("r-1", "CreateCsca", "another body"), ct);
        var otherOperation = await schema.Store.LookupAsync(Request("r-1", "RolloverCsca", "body"), ct);

        Assert.Equal(IdempotencyStatus.Conflict, otherBody.Status);
        Assert.Null(otherBody.Response);
        Assert.Equal(IdempotencyStatus.Conflict, otherOperation.Status);
    }

    [Fact]
    public async Task RecordAsync_TransactionRolledBack_NothingStored()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var schema = await TestSchema.CreateAsync(stack, [IdempotencySchema.Migrations], ct);
        var request = Request("r-1", "Op", "body");

        await using (var connection = await schema.DataSource.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            await schema.Store.RecordAsync(connection, transaction, request, [1], ct);
            await transaction.RollbackAsync(ct);
        }

        Assert.Equal(IdempotencyStatus.New, (await schema.Store.LookupAsync(request, ct)).Status);
    }

    [Fact]
    public async Task RecordAsync_RequestIdCommittedByAnotherTransaction_UniqueViolationOnTheStoreKey()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var schema = await TestSchema.CreateAsync(stack, [IdempotencySchema.Migrations], ct);
        Assert.True(await schema.Store.TryRecordAsync(Request("r-1", "Op", "first"), [1], ct));

        await using var connection = await schema.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var exception = await Assert.ThrowsAsync<PostgresException>(
            () => schema.Store.RecordAsync(connection, transaction, Request("r-1", "Op", "second"), [2], ct));

        Assert.True(schema.Store.IsRequestIdTaken(exception));
        Assert.False(schema.Store.IsRequestIdTaken(new InvalidOperationException("unrelated")));
    }

    [Fact]
    public async Task TryRecordAsync_RequestIdAlreadyRecorded_FalseAndFirstResponseKept()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var schema = await TestSchema.CreateAsync(stack, [IdempotencySchema.Migrations], ct);
        var request = Request("r-1", "Op", "body");
        Assert.True(await schema.Store.TryRecordAsync(request, [1], ct));

        bool second;
        await using (var connection = await schema.DataSource.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            second = await schema.Store.TryRecordAsync(connection, transaction, request, [2], ct);
            await transaction.CommitAsync(ct);
        }

        Assert.False(second);
        Assert.Equal([1], (await schema.Store.LookupAsync(request, ct)).Response);
    }

    [Fact]
    public void Fingerprint_OperationAndBody_SeparatedAndDeterministic()
    {
        var one = IdempotencyRule.Fingerprint("Op", "ab"u8);

        Assert.Equal(32, one.Length);
        Assert.Equal(one, IdempotencyRule.Fingerprint("Op", "ab"u8));
        Assert.NotEqual(one, IdempotencyRule.Fingerprint("Opa", "b"u8));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData("Op\0ab"u8), one);
    }

    [Fact]
    public async Task CscaMigration_RequestsRowsOfAnOlderSchema_MovedAndStillReplay()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        var csca = ServiceSource("Credentials.Csca", "csca");
        var before = new MigrationSource("csca", csca.Migrations.Where(m => m.Version == 1));
        await using var schema = await TestSchema.CreateAsync(stack, [before], ct);
        var fingerprint = IdempotencyRule.Fingerprint("CreateCsca", "body"u8);
        await schema.ExecuteAsync(
            "INSERT INTO requests (request_id, operation, request_hash, response, created_at) VALUES ('r-1', 'CreateCsca', @hash, '\\x0102', now())",
            ("hash", fingerprint),
            ct);

        await schema.MigrateAsync([IdempotencySchema.Migrations, csca], ct);

        var replay = await schema.Store.LookupAsync(new IdempotentRequest("r-1", "CreateCsca", fingerprint), ct);
        Assert.Equal(IdempotencyStatus.Replay, replay.Status);
        Assert.Equal([1, 2], replay.Response);
        Assert.Equal(IdempotencyStatus.Conflict, (await schema.Store.LookupAsync(Request("r-1", "CreateCsca", "other"), ct)).Status);
        Assert.False(await schema.TableExistsAsync("requests", ct));
    }

    [Fact]
    public async Task TrustAnchorMigration_ImportRequestsOfAnOlderSchema_MovedAndStillReplay()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        var trustAnchor = ServiceSource("Credentials.TrustAnchor", "trust_anchor");
        var before = new MigrationSource("trust_anchor", trustAnchor.Migrations.Where(m => m.Version <= 2));
        await using var schema = await TestSchema.CreateAsync(stack, [before], ct);
        var contentSha256 = System.Security.Cryptography.SHA256.HashData("request without id"u8);
        await schema.ExecuteAsync(
            "INSERT INTO import_requests (request_id, content_sha256, response, created_at) VALUES ('imp-1', @hash, '\\x0a0b', now())",
            ("hash", contentSha256),
            ct);

        await schema.MigrateAsync([IdempotencySchema.Migrations, trustAnchor], ct);

        // The operation name the handler records (ImportTrustMaterialHandler.Operation).
        var replay = await schema.Store.LookupAsync(new IdempotentRequest("imp-1", "ImportTrustMaterial", contentSha256), ct);
        Assert.Equal(IdempotencyStatus.Replay, replay.Status);
        Assert.Equal([0x0a, 0x0b], replay.Response);
        Assert.False(await schema.TableExistsAsync("import_requests", ct));
    }

    [Fact]
    public async Task PkdMigration_RequestsRowsOfAnOlderSchema_MovedAndStillReplay()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        var pkd = ServiceSource("Credentials.Pkd", "pkd");
        var before = new MigrationSource("pkd", pkd.Migrations.Where(m => m.Version == 1));
        await using var schema = await TestSchema.CreateAsync(stack, [before], ct);
        var requestHash = System.Security.Cryptography.SHA256.HashData("sync now request"u8);
        await schema.ExecuteAsync(
            "INSERT INTO requests (request_id, operation, request_hash, response, created_at) VALUES ('sync-1', 'SyncNow', @hash, '\\x05', now())",
            ("hash", requestHash),
            ct);

        await schema.MigrateAsync([IdempotencySchema.Migrations, pkd], ct);

        var replay = await schema.Store.LookupAsync(new IdempotentRequest("sync-1", "SyncNow", requestHash), ct);
        Assert.Equal(IdempotencyStatus.Replay, replay.Status);
        Assert.Equal([0x05], replay.Response);
        Assert.False(await schema.TableExistsAsync("requests", ct));
    }

    [Fact]
    public async Task ServiceMigrations_FreshSchema_IdempotencyTableOnlyOnce()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var schema = await TestSchema.CreateAsync(
            stack, [IdempotencySchema.Migrations, ServiceSource("Credentials.Csca", "csca")], ct);

        Assert.True(await schema.TableExistsAsync("idempotent_requests", ct));
        Assert.False(await schema.TableExistsAsync("requests", ct));
        Assert.True(await schema.Store.TryRecordAsync(Request("r-1", "Op", "body"), [1], ct));
    }

    private static IdempotentRequest Request(string requestId, string operation, string body) =>
        new(requestId, operation, IdempotencyRule.Fingerprint(operation, Encoding.UTF8.GetBytes(body)));

    /// <summary>A service's migration scripts read from the source tree (the services are not referenced as assemblies).</summary>
    private static MigrationSource ServiceSource(string project, string source)
    {
        var root = typeof(IdempotencyStoreTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        var folder = Path.Combine(root, "services", project, "Infrastructure", "Migrations", source);
        var migrations = Directory.EnumerateFiles(folder, "V*.sql").Select(path =>
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var separator = name.IndexOf("__", StringComparison.Ordinal);
            return new Migration(int.Parse(name[1..separator], System.Globalization.CultureInfo.InvariantCulture), name[(separator + 2)..], File.ReadAllText(path));
        });
        return new MigrationSource(source, migrations);
    }

    private sealed class TestSchema : IAsyncDisposable
    {
        private readonly string _name;
        private readonly MigrationRunner _runner;

        private TestSchema(string name, NpgsqlDataSource dataSource)
        {
            _name = name;
            DataSource = dataSource;
            Store = new PostgresIdempotencyStore(dataSource, TimeProvider.System);
            _runner = new MigrationRunner(dataSource, TimeProvider.System, NullLogger<MigrationRunner>.Instance);
        }

        public NpgsqlDataSource DataSource { get; }

        public PostgresIdempotencyStore Store { get; }

        public static async Task<TestSchema> CreateAsync(StackEnvironment stack, IReadOnlyList<MigrationSource> sources, CancellationToken ct)
        {
            var name = "it_idem_" + Guid.NewGuid().ToString("N")[..12];
            var dataSource = PostgresServiceCollectionExtensions.CreateDataSource(
                new PostgresOptions { ConnectionString = stack.PostgresConnectionString, Schema = name }, null);
            var schema = new TestSchema(name, dataSource);
            await schema.MigrateAsync(sources, ct);
            return schema;
        }

        public Task MigrateAsync(IReadOnlyList<MigrationSource> sources, CancellationToken ct) => _runner.MigrateAsync(_name, sources, ct);

        public async Task ExecuteAsync(string sql, (string Name, object Value) parameter, CancellationToken ct)
        {
            await using var command = DataSource.CreateCommand(sql);
            command.Parameters.AddWithValue(parameter.Name, parameter.Value);
            await command.ExecuteNonQueryAsync(ct);
        }

        public async Task<bool> TableExistsAsync(string table, CancellationToken ct)
        {
            await using var command = DataSource.CreateCommand("SELECT to_regclass(@name) IS NOT NULL");
            command.Parameters.AddWithValue("name", $"\"{_name}\".{table}");
            return (bool)(await command.ExecuteScalarAsync(ct))!;
        }

        public async ValueTask DisposeAsync()
        {
            await using (var command = DataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{_name}\" CASCADE"))
            {
                await command.ExecuteNonQueryAsync();
            }

            await DataSource.DisposeAsync();
        }
    }
}
