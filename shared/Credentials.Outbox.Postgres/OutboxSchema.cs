using Credentials.Storage.Migrations;
using Credentials.Storage.Postgres;

namespace Credentials.Outbox.Postgres;

/// <summary>
/// The outbox tables (<c>outbox_messages</c>, <c>outbox_dead_letters</c>, <c>inbox_messages</c>) as a reusable
/// migration source named <c>outbox</c>, applied in the schema of the service that uses them: include
/// <see cref="Migrations"/> in the service's migrate step, or call <see cref="EnsureAsync"/>.
/// </summary>
public static class OutboxSchema
{
    /// <summary>The migration source name recorded in <c>schema_migrations</c>.</summary>
    public const string SourceName = "outbox";

    /// <summary>The notification channel; the payload is the schema name.</summary>
    public const string NotificationChannel = "credentials_outbox";

    /// <summary>The embedded outbox migrations.</summary>
    public static MigrationSource Migrations { get; } = EmbeddedMigrations.Load(typeof(OutboxSchema).Assembly, SourceName);

    /// <summary>Applies the outbox migrations to <paramref name="schema"/> (a migrate step).</summary>
    public static Task<MigrationResult> EnsureAsync(MigrationRunner runner, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return runner.MigrateAsync(schema, [Migrations], cancellationToken);
    }
}
