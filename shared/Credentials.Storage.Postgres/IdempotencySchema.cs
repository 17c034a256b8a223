using Credentials.Storage.Migrations;

namespace Credentials.Storage.Postgres;

/// <summary>
/// The <c>idempotent_requests</c> table of <see cref="PostgresIdempotencyStore"/> as a reusable migration source named
/// <c>idempotency</c>, applied in the schema of the service that uses it. List it before the service's own source:
/// a service script that moves its older request table into this one runs after the table exists.
/// </summary>
public static class IdempotencySchema
{
    /// <summary>The migration source name recorded in <c>schema_migrations</c>.</summary>
    public const string SourceName = "idempotency";

    /// <summary>The embedded idempotency migrations.</summary>
    public static MigrationSource Migrations { get; } = EmbeddedMigrations.Load(typeof(IdempotencySchema).Assembly, SourceName);
}
