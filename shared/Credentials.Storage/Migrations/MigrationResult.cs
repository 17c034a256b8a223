namespace Credentials.Storage.Migrations;

/// <summary>What one migrate run did in a schema.</summary>
/// <param name="Schema">The schema migrated.</param>
/// <param name="Applied">The (source, version) pairs applied by this run, in order; empty when up to date.</param>
public sealed record MigrationResult(string Schema, IReadOnlyList<AppliedMigration> Applied);
