using Credentials.Outbox;
using Credentials.ServiceDefaults;
using Credentials.Storage.Migrations;
using Credentials.Storage.Postgres;
using Credentials.Storage.S3;
using Microsoft.Extensions.Options;

namespace Credentials.Dtc.Infrastructure;

/// <summary>
/// The explicit <c>migrate</c> step of the dtc service: the <c>dtc</c> SQL migrations and the
/// outbox tables in the service schema, and the object bucket when it is missing.
/// </summary>
internal sealed class DtcMigrationStep : IMigrationStep
{
    public const string SourceName = "dtc";

    private readonly MigrationRunner _runner;
    private readonly S3ObjectStore _objectStore;
    private readonly string _schema;

    public DtcMigrationStep(MigrationRunner runner, S3ObjectStore objectStore, IOptions<PostgresOptions> postgres)
    {
        _runner = runner;
        _objectStore = objectStore;
        _schema = postgres.Value.Schema;
    }

    public string Name => "dtc schema, outbox tables and object bucket";

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var sources = new[] { EmbeddedMigrations.Load(typeof(DtcMigrationStep).Assembly, SourceName), OutboxSchema.Migrations };
        await _runner.MigrateAsync(_schema, sources, cancellationToken);
        await _objectStore.EnsureBucketAsync(cancellationToken);
    }
}
