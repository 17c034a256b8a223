namespace Credentials.Storage.Migrations;

/// <summary>
/// A named, ordered set of migrations, e.g. a service's own scripts (<c>signer</c>) or the reusable outbox
/// tables (<c>outbox</c>). Versions are unique within a source; several sources can share one schema because the
/// schema's <c>schema_migrations</c> table is keyed by (source, version).
/// </summary>
public sealed class MigrationSource
{
    public MigrationSource(string name, IEnumerable<Migration> migrations)
    {
        SchemaName.Validate(name, nameof(name));
        ArgumentNullException.ThrowIfNull(migrations);
        var ordered = migrations.OrderBy(m => m.Version).ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            if (ordered[i].Version == ordered[i - 1].Version)
            {
                throw new StorageException(
                    StorageErrorReason.InvalidMigration,
                    $"Migration source '{name}' has version {ordered[i].Version} twice.");
            }
        }

        Name = name;
        Migrations = ordered;
    }

    /// <summary>The source name recorded with each applied version.</summary>
    public string Name { get; }

    /// <summary>Migrations in ascending version order.</summary>
    public IReadOnlyList<Migration> Migrations { get; }
}
