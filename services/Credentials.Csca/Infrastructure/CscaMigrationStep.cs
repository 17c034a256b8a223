using Credentials.Outbox;
using Credentials.ServiceDefaults;
using Credentials.Storage.Migrations;
using Credentials.Storage.Postgres;
using Credentials.Storage.S3;
using Microsoft.Extensions.Options;

namespace Credentials.Csca.Infrastructure;

/// <summary>
/// The explicit <c>migrate</c> step of the csca service: applies the <c>csca</c> SQL migrations and the outbox tables
/// to the service schema, and creates the object bucket (with Object Lock) when it is missing.
/// </summary>
internal sealed class CscaMigrationStep : IMigrationStep
{
    public const string SourceName = "csca";

    private readonly MigrationRunner _runner;
    private readonly S3ObjectStore _objectStore;
    private readonly string _schema;

    public CscaMigrationStep(MigrationRunner runner, S3ObjectStore objectStore, IOptions<PostgresOptions> postgres)
    {
        _runner = runner;
        _objectStore = objectStore;
        _schema = postgres.Value.Schema;
    }

    public string Name => "csca schema, outbox tables and object bucket";

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var sources = new[] { EmbeddedMigrations.Load(typeof(CscaMigrationStep).Assembly, SourceName), OutboxSchema.Migrations };
        await _runner.MigrateAsync(_schema, sources, cancellationToken);
        await _objectStore.EnsureBucketAsync(cancellationToken);
    }
}
