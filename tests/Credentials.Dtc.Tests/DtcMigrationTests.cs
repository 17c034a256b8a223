using Credentials.Contracts.Common.V1;
using Credentials.Outbox.Postgres;
using Credentials.SignerKeys;
using Credentials.SignerKeys.Postgres;
using Credentials.Storage.Migrations;
using Credentials.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Credentials.Dtc.Tests;

/// <summary>
/// dtc's V0003 (signer keys in the shared shape) and V0004 (stable codes) against the real PostgreSQL: rows written
/// the old way keep their meaning. Needs the local stack (<c>scripts/infra up</c>, <c>source .run/stack.env</c>); skips
/// without it unless <c>CRED_REQUIRE_STACK=1</c>.
/// </summary>
public sealed class DtcMigrationTests
{
    private static readonly DateTimeOffset Start = new(2031, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Migrate_V0003V0004_OldSignerKeysAndDtcRowsKeepTheirMeaning()
    {
        var connection = Environment.GetEnvironmentVariable("CRED_PG_CONNECTION");
        if (string.IsNullOrEmpty(connection))
        {
            const string message = "local stack not running: run scripts/infra up and source .run/stack.env";
            Assert.False(Environment.GetEnvironmentVariable("CRED_REQUIRE_STACK") == "1", message);
            Assert.Skip(message);
        }

        var ct = TestContext.Current.CancellationToken;
        var name = "it_dtc_" + Guid.NewGuid().ToString("N")[..12];
        await using var dataSource = PostgresServiceCollectionExtensions.CreateDataSource(new PostgresOptions { ConnectionString = connection, Schema = name }, null);
        var runner = new MigrationRunner(dataSource, TimeProvider.System, NullLogger<MigrationRunner>.Instance);
        var all = EmbeddedMigrations.Load(typeof(DtcServiceRegistration).Assembly, "dtc");
        try
        {
            await runner.MigrateAsync(name, [new MigrationSource(all.Name, all.Migrations.Where(m => m.Version <= 2)), OutboxSchema.Migrations], ct);
            var der = new byte[] { 0x30, 0x00 };
            var dtcId = Guid.CreateVersion7();
            await using (var insert = dataSource.CreateCommand(
                "INSERT INTO signer_keys (key_label, certificate_der, certificate_sha256, serial_number, private_key_usage_not_after, created_at, retired_at, retired_reason) VALUES "
                + "('dtcs-old', @der, 'fp-old', '01', @end, @created, @created, 'certificate revoked'), ('dtcs-new', @der, 'fp-new', '02', @end, @created, NULL, ''); "
                + "INSERT INTO dtcs (dtc_id, request_id, request_hash, binding, object_key, content_info_sha256, security_object_sha256, issued_at, expires_at, "
                + "revoked_at, revocation_reason, requested_by) VALUES (@id, 'r1', '\\x00', 3, 'sha256/aa', 'aa', '', @created, @end, @created, 6, 'tests'); "
                + "INSERT INTO revocations (request_id, dtc_id, reason, revoked_at, requested_by) VALUES ('rv1', @id, 6, @created, 'tests')"))
            {
                insert.Parameters.AddWithValue("der", der);
                insert.Parameters.AddWithValue("end", Start.AddDays(30));
                insert.Parameters.AddWithValue("created", Start);
                insert.Parameters.AddWithValue("id", dtcId);
                await insert.ExecuteNonQueryAsync(ct);
            }

            await runner.MigrateAsync(name, [all, OutboxSchema.Migrations], ct);

            var keys = (await new PostgresSignerKeyRepository(dataSource).ListAsync(ct)).ToDictionary(k => k.KeyId);
            Assert.Equal((SignerKeyStatus.Retired, "certificate revoked", "fp-old"), (keys["dtcs-old"].Status, keys["dtcs-old"].RetiredReason, keys["dtcs-old"].CertificateFingerprint));
            var current = keys["dtcs-new"];
            Assert.Equal((SignerKeyKind.DtcSigner, SignerKeyStatus.Active, KeyAlgorithm.EcP256, SignatureScheme.Ecdsa), (current.Kind, current.Status, current.KeyAlgorithm, current.SignatureScheme));
            Assert.Equal(["V"], current.DocumentTypes);
            Assert.Equal("dtcs-new", current.KeyLabel);
            Assert.Equal(Start, current.ActivatedAt);
            Assert.Same(current, SignerKeySelector.SelectActive(keys.Values, SignerKeyKind.DtcSigner, "V", Start.AddDays(1)));

            var events = new Infrastructure.DtcEventWriter(
                new OutboxWriter(MsOptions.Create(new OutboxOptions { Schema = name }), TimeProvider.System), MsOptions.Create(new Options.DtcOptions()), TimeProvider.System);
            var store = new Infrastructure.DtcRepository(dataSource, events);
            var dtc = await store.FindByIdAsync(dtcId, ct);
            Assert.NotNull(dtc);
            Assert.Equal((DtcBinding.PcBound, DtcRevocationReason.SourceDocumentRevoked), (dtc.Binding, dtc.RevocationReason));
            await using var codes = dataSource.CreateCommand("SELECT d.binding, d.revocation_reason, r.reason FROM dtcs d JOIN revocations r ON r.dtc_id = d.dtc_id");
            await using var reader = await codes.ExecuteReaderAsync(ct);
            Assert.True(await reader.ReadAsync(ct));
            Assert.Equal(("pc-bound", "source-document-revoked", "source-document-revoked"), (reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }
        finally
        {
            await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{name}\" CASCADE");
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
