using Credentials.Outbox;
using Credentials.ServiceDefaults;
using Credentials.Storage.Migrations;
using Credentials.Storage.Postgres;
using Credentials.Storage.S3;
using Microsoft.Extensions.Options;

namespace Credentials.Pkd.Infrastructure;

/// <summary>
/// The explicit <c>migrate</c> step of the pkd service: applies the <c>pkd</c> SQL migrations and the outbox tables to
/// the service schema, and creates the artifact bucket when it is missing.
/// </summary>
internal sealed class PkdMigrationStep : IMigrationStep
{
    public const string SourceName = "pkd";

    private readonly MigrationRunner _runner;
    private readonly S3ObjectStore _objectStore;
    private readonly string _schema;

    public PkdMigrationStep(MigrationRunner runner, S3ObjectStore objectStore, IOptions<PostgresOptions> postgres)
    {
        _runner = runner;
        _objectStore = objectStore;
        _schema = postgres.Value.Schema;
    }

    public string Name => "pkd schema, outbox tables and artifact bucket";

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var sources = new[] { EmbeddedMigrations.Load(typeof(PkdMigrationStep).Assembly, SourceName), OutboxSchema.Migrations };
        await _runner.MigrateAsync(_schema, sources, cancellationToken);
        await _objectStore.EnsureBucketAsync(cancellationToken);
    }
}
