using Credentials.Outbox;
using Credentials.ServiceDefaults;
using Credentials.Storage.Migrations;
using Credentials.Storage.Postgres;
using Microsoft.Extensions.Options;

namespace Credentials.TrustAnchor.Infrastructure;

/// <summary>The explicit <c>migrate</c> step: the <c>trust_anchor</c> SQL migrations and the outbox/inbox tables.</summary>
internal sealed class TrustAnchorMigrationStep : IMigrationStep
{
    public const string SourceName = "trust_anchor";

    private readonly MigrationRunner _runner;
    private readonly string _schema;

    public TrustAnchorMigrationStep(MigrationRunner runner, IOptions<PostgresOptions> postgres)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        _runner = runner;
        _schema = postgres.Value.Schema;
    }

    public string Name => "trust_anchor schema and inbox tables";

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var sources = new[] { EmbeddedMigrations.Load(typeof(TrustAnchorMigrationStep).Assembly, SourceName), OutboxSchema.Migrations };
        await _runner.MigrateAsync(_schema, sources, cancellationToken);
    }
}
