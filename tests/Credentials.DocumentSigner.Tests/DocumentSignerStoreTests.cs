using System.Security.Cryptography;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.DocumentSigner.Application;
using Credentials.DocumentSigner.Infrastructure;
using Credentials.DocumentSigner.Options;
using Credentials.Outbox;
using Credentials.SignerKeys;
using Credentials.SignerKeys.Postgres;
using Credentials.Outbox.Postgres;
using Credentials.Storage;
using Credentials.Storage.Migrations;
using Credentials.Storage.Postgres;
using Credentials.Storage.S3;
using Microsoft.Extensions.Logging.Abstractions;
using HashAlgorithm = Credentials.Contracts.Common.V1.HashAlgorithm;
using MsOptions = Microsoft.Extensions.Options.Options;
using Npgsql;

namespace Credentials.DocumentSigner.Tests;

/// <summary>
/// The document-signer's stored state against the real PostgreSQL and S3 server, in a schema and bucket of the test's
/// own (the service's migrations applied to it), with a hand-driven clock: keys retire at the end of their private key
/// usage period and the next pending key takes over; the EF.SOD archiver copies the bytes kept in the issuance rows to
/// S3 as one bundle per pass, records where each lies in it, and refuses bytes that do not match their key. Needs the local stack
/// (<c>scripts/infra up</c>, <c>source .run/stack.env</c>); skips without it unless <c>CRED_REQUIRE_STACK=1</c>.
/// </summary>
public sealed class DocumentSignerStoreTests
{
    private static readonly DateTimeOffset Start = new(2031, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ApplyLifecycleAsync_ClockPassesUsagePeriodEnd_KeyRetiredAndPendingKeyActivated()
    {
        var stack = LocalStack.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var schema = await TestSchema.CreateAsync(stack, ct);
        var clock = new ManualClock(Start);
        using var store = new SignerKeyStore(schema.Keys, TimeSpan.FromSeconds(5), clock, NullLogger<SignerKeyStore>.Instance);
        await schema.InsertKeyAsync("ds-old", SignerKeyStatus.Active, usageEnds: Start.AddHours(1), created: Start.AddDays(-30), ct);
        await schema.InsertKeyAsync("ds-next", SignerKeyStatus.Pending, usageEnds: Start.AddDays(90), created: Start.AddDays(-1), ct);

        Assert.Equal(0, await store.ApplyLifecycleAsync(ct));
        Assert.Equal("ds-old", (await store.SelectAsync(SignerKeyKind.DocumentSigner, "ZZ", clock.GetUtcNow(), ct))?.KeyId);

        // One second past the end of the private key usage period: the old key no longer signs even before the
        // scheduled pass (signing-time path), and the pass retires it and activates the pending one.
        clock.Now = Start.AddHours(1).AddSeconds(1);
        Assert.Equal("ds-next", (await store.SelectAsync(SignerKeyKind.DocumentSigner, "ZZ", clock.GetUtcNow(), ct))?.KeyId);
        Assert.Equal(0, await store.ApplyLifecycleAsync(ct));
        var keys = (await schema.Keys.ListAsync(ct)).ToDictionary(k => k.KeyId);
        Assert.Equal(SignerKeyStatus.Retired, keys["ds-old"].Status);
        Assert.Equal(clock.Now, keys["ds-old"].RetiredAt);
        Assert.Equal(SignerKeyStatus.Active, keys["ds-next"].Status);
        Assert.Equal(clock.Now, keys["ds-next"].ActivatedAt);

        // Past the second key's end nothing is left for the type.
        clock.Now = Start.AddDays(91);
        Assert.Null(await store.SelectAsync(SignerKeyKind.DocumentSigner, "ZZ", clock.GetUtcNow(), ct));
        Assert.Equal(SignerKeyStatus.Retired, (await schema.Keys.ListAsync(ct)).Single(k => k.KeyId == "ds-next").Status);
    }

    [Fact]
    public async Task SelectAsync_SealAndDocumentSignerKeysForOneType_EachKindSignsOnlyItsOwn()
    {
        var stack = LocalStack.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var schema = await TestSchema.CreateAsync(stack, ct);
        var clock = new ManualClock(Start);
        using var store = new SignerKeyStore(schema.Keys, new DocumentSignerOptions().KeyCacheLifetime, clock, NullLogger<SignerKeyStore>.Instance);
        await schema.InsertKeyAsync("ss-seal", SignerKeyStatus.Active, usageEnds: Start.AddDays(90), created: Start.AddDays(-1), ct, SignerKeyKind.SealSigner);

        // Only a seal-signer key for ZZ: no Document Signer key, so SignSecurityObject cannot sign with it.
        Assert.Null(await store.SelectAsync(SignerKeyKind.DocumentSigner, "ZZ", clock.GetUtcNow(), ct));
        Assert.Equal("ss-seal", (await store.SelectAsync(SignerKeyKind.SealSigner, "ZZ", clock.GetUtcNow(), ct))?.KeyId);

        await schema.InsertKeyAsync("ds-doc", SignerKeyStatus.Active, usageEnds: Start.AddDays(90), created: Start, ct);
        store.Invalidate();
        Assert.Equal("ds-doc", (await store.SelectAsync(SignerKeyKind.DocumentSigner, "ZZ", clock.GetUtcNow(), ct))?.KeyId);
        Assert.Equal("ss-seal", (await store.SelectAsync(SignerKeyKind.SealSigner, "ZZ", clock.GetUtcNow(), ct))?.KeyId);
        var stored = (await schema.Keys.ListAsync(ct)).ToDictionary(k => k.KeyId, k => k.Kind);
        Assert.Equal(SignerKeyKind.SealSigner, stored["ss-seal"]);
        Assert.Equal(SignerKeyKind.DocumentSigner, stored["ds-doc"]);
        var sealKeys = await schema.Keys.ListPageAsync(null, string.Empty, SignerKeyKind.SealSigner, null, 10, ct);
        Assert.Equal(["ss-seal"], sealKeys.Select(k => k.KeyId));
    }

    [Fact]
    public async Task ArchiveBatchAsync_PendingIssuances_OneBundlePerPassEachRowLocatesItsBytes()
    {
        var stack = LocalStack.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var schema = await TestSchema.CreateAsync(stack, ct);
        using var objects = await CreateStoreAsync(stack, ct);
        var archiver = NewArchiver(schema, objects, new DocumentSignerOptions { ArchiveBatchSize = 4 });
        await schema.InsertKeyAsync("ds-a", SignerKeyStatus.Active, Start.AddDays(90), Start, ct);
        var sods = Enumerable.Range(0, 10).Select(i => RandomNumberGenerator.GetBytes(1200 + i)).ToList();
        var requestIds = new List<string>();
        foreach (var sod in sods)
        {
            requestIds.Add(await schema.InsertIssuanceAsync("ds-a", sod, ObjectKey.FromContent(sod).Value, ct));
        }

        Assert.Equal(10, (await schema.Repository.CountUnarchivedAsync(ct)).Count);
        Assert.Equal(4, await archiver.ArchiveBatchAsync(ct));
        Assert.Equal(6, await archiver.DrainAsync(ct));
        Assert.Equal(0, await archiver.DrainAsync(ct));
        Assert.Equal(0, (await schema.Repository.CountUnarchivedAsync(ct)).Count);

        // Three passes of at most four, oldest first: three bundles, each the EF.SODs of its pass back to back.
        var rows = new List<IssuanceRecord>();
        foreach (var requestId in requestIds)
        {
            rows.Add(await schema.Repository.FindIssuanceAsync(requestId, null, ct) ?? throw new InvalidOperationException(requestId));
        }

        var bundles = rows.GroupBy(r => r.ArchiveLocation!.BundleKey).ToList();
        Assert.Equal([4, 4, 2], bundles.Select(b => b.Count()));
        foreach (var group in bundles)
        {
            var bundle = await objects.GetAsync(ObjectKey.Parse(group.Key), ct);
            Assert.Equal(group.OrderBy(r => r.ArchiveLocation!.Offset).SelectMany(r => r.SecurityObject!), bundle);
            Assert.Equal(ObjectKey.FromContent(bundle).Value, group.Key);
        }

        for (var i = 0; i < sods.Count; i++)
        {
            var location = rows[i].ArchiveLocation!;
            Assert.Equal(sods[i].Length, location.Length);
            var bundle = await objects.GetAsync(ObjectKey.Parse(location.BundleKey), ct);
            Assert.Equal(sods[i], SecurityObjectBundle.Read(bundle, location, rows[i].SecurityObjectSha256));

            // The bytes stay readable from the row after archiving, and no EF.SOD is an object of its own any more.
            Assert.Equal(sods[i], rows[i].SecurityObject);
            Assert.False(await objects.ExistsAsync(ObjectKey.FromContent(sods[i]), ct));
        }
    }

    [Fact]
    public async Task ArchiveBatchAsync_RowFlaggedByABinaryPredatingTheQueue_ArchivedAndReadBackFromItsBundle()
    {
        var stack = LocalStack.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var schema = await TestSchema.CreateAsync(stack, ct);
        using var objects = await CreateStoreAsync(stack, ct);
        await schema.InsertKeyAsync("ds-a", SignerKeyStatus.Active, Start.AddDays(90), Start, ct);
        var sod = RandomNumberGenerator.GetBytes(700);
        var requestId = await schema.InsertIssuanceAsync("ds-a", sod, ObjectKey.FromContent(sod).Value, ct);

        // What a V0003..V0006 binary inserts during a rolling upgrade: the archive_pending flag, no queue row.
        await using (var legacy = schema.DataSource.CreateCommand(
            "DELETE FROM archive_queue; UPDATE issuances SET archive_pending = true WHERE request_id = @rid"))
        {
            legacy.Parameters.AddWithValue("rid", requestId);
            await legacy.ExecuteNonQueryAsync(ct);
        }

        var archiver = NewArchiver(schema, objects, new DocumentSignerOptions());
        Assert.Equal(1, await archiver.DrainAsync(ct));
        var (_, archived) = await ReadArchivedAsync(schema, objects, requestId, ct);
        Assert.Equal(sod, archived);
        Assert.Equal(0, (await schema.Repository.CountUnarchivedAsync(ct)).Count);
    }

    [Fact]
    public async Task ArchiveBatchAsync_CrashAfterThePutBeforeTheCommit_NextPassBundlesTheRowsAgain()
    {
        var stack = LocalStack.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var schema = await TestSchema.CreateAsync(stack, ct);
        using var objects = await CreateStoreAsync(stack, ct);
        await schema.InsertKeyAsync("ds-a", SignerKeyStatus.Active, Start.AddDays(90), Start, ct);
        var sod = RandomNumberGenerator.GetBytes(900);
        var requestId = await schema.InsertIssuanceAsync("ds-a", sod, ObjectKey.FromContent(sod).Value, ct);

        // The first pass's PUT succeeds and its commit never happens (the S3 client fails after the PUT).
        var crashing = NewArchiver(schema, new FailAfterWrite(objects), new DocumentSignerOptions());
        await Assert.ThrowsAsync<IOException>(() => crashing.ArchiveBatchAsync(ct));
        Assert.Equal(1, (await schema.Repository.CountUnarchivedAsync(ct)).Count);

        var archiver = NewArchiver(schema, objects, new DocumentSignerOptions());
        Assert.Equal(1, await archiver.DrainAsync(ct));
        var (location, archived) = await ReadArchivedAsync(schema, objects, requestId, ct);
        Assert.Equal((0, sod.Length), (location.Offset, location.Length));
        Assert.Equal(sod, archived);
    }

    [Fact]
    public async Task ArchiveBatchAsync_RowBytesDoNotMatchTheirKey_ThrowsAndLeavesTheBatchPending()
    {
        var stack = LocalStack.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var schema = await TestSchema.CreateAsync(stack, ct);
        using var objects = await CreateStoreAsync(stack, ct);
        var archiver = NewArchiver(schema, objects, new DocumentSignerOptions());
        await schema.InsertKeyAsync("ds-a", SignerKeyStatus.Active, Start.AddDays(90), Start, ct);
        var sod = RandomNumberGenerator.GetBytes(800);
        var other = ObjectKey.FromContent(RandomNumberGenerator.GetBytes(800));
        await schema.InsertIssuanceAsync("ds-a", sod, other.Value, ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => archiver.ArchiveBatchAsync(ct));
        Assert.Equal(1, (await schema.Repository.CountUnarchivedAsync(ct)).Count);
        Assert.False(await objects.ExistsAsync(other, ct));
    }

    [Fact]
    public async Task Migrate_V0005_KeysStoredAsEnumNumbersKeepTheirMeaningAsStableCodes()
    {
        var stack = LocalStack.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var schema = TestSchema.CreateEmpty(stack);
        var dataSource = schema.DataSource;
        var all = TestSchema.AllMigrations;

        // The schema as V0004 left it, with keys written the old way (credentials.*.v1 enum numbers).
        await schema.MigrateAsync([new MigrationSource(all.Name, all.Migrations.Where(m => m.Version <= 4)), OutboxSchema.Migrations], ct);
        var der = RandomNumberGenerator.GetBytes(64);
        await using (var insert = dataSource.CreateCommand(
            "INSERT INTO signer_keys (key_id, key_label, state, key_algorithm, signature_scheme, document_types, certificate_fingerprint, certificate_der, "
            + "certificate_summary, private_key_usage_not_after, created_at, activated_at, retired_at, request_id, signer_kind) VALUES "
            + "('ds-rsa', 'ds-rsa', 3, 2, 2, '{P}', 'fp1', @der, '\\x', @end, @created, @created, @created, 'r1', 'document-signer'), "
            + "('ss-bp', 'ss-bp', 2, 8, 3, '{V}', 'fp2', @der, '\\x', @end, @created, @created, NULL, 'r2', 'seal-signer'), "
            + "('ds-p256', 'ds-p256', 1, 4, 3, '{P}', 'fp3', @der, '\\x', @end, @created, NULL, NULL, 'r3', 'document-signer')"))
        {
            insert.Parameters.AddWithValue("der", der);
            insert.Parameters.AddWithValue("end", Start.AddDays(90));
            insert.Parameters.AddWithValue("created", Start);
            await insert.ExecuteNonQueryAsync(ct);
        }

        await schema.MigrateAsync([IdempotencySchema.Migrations, all, OutboxSchema.Migrations], ct);

        var keys = (await new PostgresSignerKeyRepository(dataSource).ListAsync(ct)).ToDictionary(k => k.KeyId);
        Assert.Equal((SignerKeyStatus.Retired, KeyAlgorithm.Rsa3072, SignatureScheme.RsaPss, SignerKeyKind.DocumentSigner), (keys["ds-rsa"].Status, keys["ds-rsa"].KeyAlgorithm, keys["ds-rsa"].SignatureScheme, keys["ds-rsa"].Kind));
        Assert.Equal((SignerKeyStatus.Active, KeyAlgorithm.BrainpoolP384R1, SignatureScheme.Ecdsa, SignerKeyKind.SealSigner), (keys["ss-bp"].Status, keys["ss-bp"].KeyAlgorithm, keys["ss-bp"].SignatureScheme, keys["ss-bp"].Kind));
        Assert.Equal((SignerKeyStatus.Pending, KeyAlgorithm.EcP256, SignatureScheme.Ecdsa), (keys["ds-p256"].Status, keys["ds-p256"].KeyAlgorithm, keys["ds-p256"].SignatureScheme));
        Assert.Equal(string.Empty, keys["ds-rsa"].RetiredReason);
        await using var codes = dataSource.CreateCommand("SELECT state, key_algorithm, signature_scheme FROM signer_keys WHERE key_id = 'ds-rsa'");
        await using var reader = await codes.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct));
        Assert.Equal(("retired", "rsa-3072", "rsa-pss"), (reader.GetString(0), reader.GetString(1), reader.GetString(2)));
    }

    [Fact]
    public async Task Migrate_V0006_RequestsMoveToTheIdempotencyStoreAndStillReplayOrConflict()
    {
        var stack = LocalStack.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var schema = TestSchema.CreateEmpty(stack);
        var dataSource = schema.DataSource;
        var all = TestSchema.AllMigrations;

        // The schema as V0005 left it, with a CreateSignerKey response stored the old way (requests.request_hash =
        // SHA-256(operation || 0x00 || request bytes)).
        await schema.MigrateAsync([new MigrationSource(all.Name, all.Migrations.Where(m => m.Version <= 5)), OutboxSchema.Migrations], ct);
        var requestBytes = RandomNumberGenerator.GetBytes(40);
        var response = RandomNumberGenerator.GetBytes(64);
        var stored = new IdempotentRequest("r-old", "CreateSignerKey", IdempotencyRule.Fingerprint("CreateSignerKey", requestBytes));
        await using (var insert = dataSource.CreateCommand(
            "INSERT INTO requests (request_id, operation, request_hash, response, created_at) VALUES ('r-old', 'CreateSignerKey', @hash, @response, @at)"))
        {
            insert.Parameters.AddWithValue("hash", stored.Fingerprint);
            insert.Parameters.AddWithValue("response", response);
            insert.Parameters.AddWithValue("at", Start);
            await insert.ExecuteNonQueryAsync(ct);
        }

        await schema.MigrateAsync([IdempotencySchema.Migrations, all, OutboxSchema.Migrations], ct);

        var store = new PostgresIdempotencyStore(dataSource, TimeProvider.System);
        var replay = await store.LookupAsync(stored, ct);
        Assert.Equal(IdempotencyStatus.Replay, replay.Status);
        Assert.Equal(response, replay.Response);
        Assert.Equal(IdempotencyStatus.Conflict, (await store.LookupAsync(stored with { Fingerprint = IdempotencyRule.Fingerprint("CreateSignerKey", [1, 2, 3]) }, ct)).Status);
        Assert.Equal(IdempotencyStatus.Conflict, (await store.LookupAsync(stored with { Operation = "SignVisibleSeal" }, ct)).Status);
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            Assert.Equal(IdempotencyStatus.Replay, (await PostgresIdempotencyStore.LockAndLookupAsync(connection, transaction, stored, ct)).Status);
            Assert.Equal(IdempotencyStatus.New, (await PostgresIdempotencyStore.LockAndLookupAsync(connection, transaction, stored with { RequestId = "r-new" }, ct)).Status);
        }

        await using var table = dataSource.CreateCommand("SELECT to_regclass('requests') IS NULL");
        Assert.True((bool)(await table.ExecuteScalarAsync(ct))!);
    }

    private static SecurityObjectArchiver NewArchiver(TestSchema schema, IObjectStore objects, DocumentSignerOptions options) =>
        new(schema.Repository, objects, MsOptions.Create(options), new ManualClock(Start), NullLogger<SecurityObjectArchiver>.Instance);

    /// <summary>An issuance's archive location and the EF.SOD read back from its bundle (checked against the row's SHA-256).</summary>
    private static async Task<(SecurityObjectArchiveLocation Location, byte[] SecurityObject)> ReadArchivedAsync(
        TestSchema schema, IObjectStore objects, string requestId, CancellationToken ct)
    {
        var row = await schema.Repository.FindIssuanceAsync(requestId, null, ct) ?? throw new InvalidOperationException(requestId);
        var location = row.ArchiveLocation ?? throw new InvalidOperationException($"{requestId} is not archived.");
        return (location, SecurityObjectBundle.Read(await objects.GetAsync(ObjectKey.Parse(location.BundleKey), ct), location, row.SecurityObjectSha256));
    }

    private static async Task<S3ObjectStore> CreateStoreAsync(LocalStack stack, CancellationToken ct)
    {
        var store = new S3ObjectStore(
            MsOptions.Create(new S3StorageOptions
            {
                Endpoint = stack.S3Endpoint,
                AccessKey = stack.S3AccessKey,
                SecretKey = stack.S3SecretKey,
                Region = stack.S3Region,
                Bucket = "it-ds-archive-" + Guid.NewGuid().ToString("N")[..12],
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

    /// <summary>The stack's coordinates from the variables of <c>.run/stack.env</c>.</summary>
    private sealed record LocalStack(string PostgresConnection, string S3Endpoint, string S3AccessKey, string S3SecretKey, string S3Region)
    {
        public static LocalStack RequireOrSkip()
        {
            var connection = Environment.GetEnvironmentVariable("CRED_PG_CONNECTION");
            var endpoint = Environment.GetEnvironmentVariable("CRED_S3_ENDPOINT");
            if (string.IsNullOrEmpty(connection) || string.IsNullOrEmpty(endpoint))
            {
                const string message = "local stack not running: run scripts/infra up and source .run/stack.env";
                Assert.False(Environment.GetEnvironmentVariable("CRED_REQUIRE_STACK") == "1", message);
                Assert.Skip(message);
            }

            return new LocalStack(
                connection!,
                endpoint!,
                Environment.GetEnvironmentVariable("CRED_S3_ACCESS_KEY") ?? string.Empty,
                Environment.GetEnvironmentVariable("CRED_S3_SECRET_KEY") ?? string.Empty,
                Environment.GetEnvironmentVariable("CRED_S3_REGION") ?? "us-east-1");
        }
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>A schema of the test's own with the document-signer migrations applied; dropped at the end.</summary>
    /// <summary>The real store, except that every write fails after the object was written (a crash after the PUT).</summary>
    private sealed class FailAfterWrite(IObjectStore inner) : IObjectStore
    {
        public Task<StoredObject> PutAsync(ObjectContent content, CancellationToken cancellationToken) => inner.PutAsync(content, cancellationToken);

        public async Task WriteAsync(ObjectContent content, CancellationToken cancellationToken)
        {
            await inner.WriteAsync(content, cancellationToken);
            throw new IOException("The connection dropped after the PUT.");
        }

        public Task<byte[]> GetAsync(ObjectKey key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

        public Task<ObjectStat?> StatAsync(ObjectKey key, CancellationToken cancellationToken) => inner.StatAsync(key, cancellationToken);

        public Task<bool> ExistsAsync(ObjectKey key, CancellationToken cancellationToken) => inner.ExistsAsync(key, cancellationToken);

        public Task SetRetentionAsync(ObjectKey key, string? versionId, ObjectRetention retention, CancellationToken cancellationToken) =>
            inner.SetRetentionAsync(key, versionId, retention, cancellationToken);

        public Task DeleteVersionAsync(ObjectKey key, string versionId, CancellationToken cancellationToken) => inner.DeleteVersionAsync(key, versionId, cancellationToken);
    }

    private sealed class TestSchema : IAsyncDisposable
    {
        private readonly NpgsqlDataSource _dataSource;
        private readonly string _name;
        private int _issued;

        private TestSchema(NpgsqlDataSource dataSource, string name)
        {
            _dataSource = dataSource;
            _name = name;
            Repository = new DocumentSignerRepository(dataSource);
            Keys = new PostgresSignerKeyRepository(dataSource);
        }

        public DocumentSignerRepository Repository { get; }

        public PostgresSignerKeyRepository Keys { get; }

        public string LastRequestId { get; private set; } = string.Empty;

        public static MigrationSource AllMigrations { get; } = EmbeddedMigrations.Load(typeof(DocumentSignerServiceRegistration).Assembly, "document_signer");

        public NpgsqlDataSource DataSource => _dataSource;

        /// <summary>The current schema, migrated by the service's own sources (the idempotency store first).</summary>
        public static async Task<TestSchema> CreateAsync(LocalStack stack, CancellationToken ct)
        {
            var schema = CreateEmpty(stack);
            await schema.MigrateAsync([IdempotencySchema.Migrations, AllMigrations, OutboxSchema.Migrations], ct);
            return schema;
        }

        /// <summary>A new empty schema, for a migration test that applies the sources it names.</summary>
        public static TestSchema CreateEmpty(LocalStack stack)
        {
            var name = "it_ds_" + Guid.NewGuid().ToString("N")[..12];
            return new TestSchema(PostgresServiceCollectionExtensions.CreateDataSource(new PostgresOptions { ConnectionString = stack.PostgresConnection, Schema = name }, null), name);
        }

        public Task MigrateAsync(IReadOnlyList<MigrationSource> sources, CancellationToken ct) =>
            new MigrationRunner(_dataSource, TimeProvider.System, NullLogger<MigrationRunner>.Instance).MigrateAsync(_name, sources, ct);

        public async Task InsertKeyAsync(
            string keyId, SignerKeyStatus state, DateTimeOffset usageEnds, DateTimeOffset created, CancellationToken ct, SignerKeyKind kind = SignerKeyKind.DocumentSigner)
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var der = RandomNumberGenerator.GetBytes(64);
            await PostgresSignerKeyRepository.InsertAsync(connection, transaction, new SignerKeyRecord
            {
                KeyId = keyId,
                KeyLabel = "label-" + keyId,
                Kind = kind,
                Status = state,
                KeyAlgorithm = KeyAlgorithm.EcP256,
                SignatureScheme = SignatureScheme.Ecdsa,
                DocumentTypes = ["ZZ"],
                CertificateFingerprint = Convert.ToHexStringLower(SHA256.HashData(der)),
                CertificateDer = der,
                Certificate = new Certificate(),
                PrivateKeyUsageNotAfter = usageEnds,
                CreatedAt = created,
                ActivatedAt = state == SignerKeyStatus.Active ? created : null,
                RequestId = "request-" + keyId,
            }, ct);
            await transaction.CommitAsync(ct);
        }

        /// <summary>Inserts a pending issuance with these bytes; returns its request_id.</summary>
        public async Task<string> InsertIssuanceAsync(string keyId, byte[] sod, string objectKey, CancellationToken ct)
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            LastRequestId = "it-" + Guid.NewGuid().ToString("N");
            await DocumentSignerRepository.InsertIssuanceAsync(connection, transaction, new IssuanceRecord
            {
                CredentialId = Guid.CreateVersion7(),
                RequestId = LastRequestId,
                RequestHash = SHA256.HashData(sod),
                DocumentType = "ZZ",
                LdsVersion = string.Empty,
                UnicodeVersion = string.Empty,
                HashAlgorithm = HashAlgorithm.Sha256,
                DataGroupNumbers = [1, 2],
                SignerKeyId = keyId,
                ObjectKey = objectKey,
                SecurityObjectSha256 = Convert.ToHexStringLower(SHA256.HashData(sod)),
                SignedAt = Start.AddSeconds(++_issued),
                RequestedBy = "tests",
                SecurityObject = sod,
            }, ct);
            await transaction.CommitAsync(ct);
            return LastRequestId;
        }

        public async ValueTask DisposeAsync()
        {
            await using (var command = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{_name}\" CASCADE"))
            {
                await command.ExecuteNonQueryAsync();
            }

            await _dataSource.DisposeAsync();
        }
    }
}
