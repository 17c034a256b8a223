using Credentials.Core;
using Credentials.Storage.Migrations;
using Microsoft.Extensions.Options;

namespace Credentials.Storage.Postgres;

/// <summary>
/// The <c>migrate</c> step every service with a PostgreSQL schema shares: applies its migration sources, in the order
/// given, to the service schema (<see cref="PostgresOptions.Schema"/>) with the <see cref="MigrationRunner"/>
/// (STYLE.md rule 12: versioned SQL applied by a migration step, never at ordinary start-up).
/// </summary>
internal sealed class SchemaMigrationStep : IMigrationStep
{
    private readonly MigrationRunner _runner;
    private readonly IReadOnlyList<MigrationSource> _sources;
    private readonly string _schema;

    public SchemaMigrationStep(MigrationRunner runner, IOptions<PostgresOptions> postgres, IReadOnlyList<MigrationSource> sources)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(postgres);
        ArgumentNullException.ThrowIfNull(sources);
        _runner = runner;
        _sources = sources;
        _schema = postgres.Value.Schema;
    }

    public string Name => $"schema {_schema}: {string.Join(", ", _sources.Select(s => s.Name))} migrations";

    public Task MigrateAsync(CancellationToken cancellationToken) => _runner.MigrateAsync(_schema, _sources, cancellationToken);
}
