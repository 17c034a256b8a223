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

    /// <summary>The prefix of every outbox notification channel (<see cref="NotificationChannelOf"/>).</summary>
    public const string NotificationChannel = "credentials_outbox";

    /// <summary>
    /// The channel the outbox of <paramref name="schema"/> notifies on commit: one per schema, so a commit wakes only that
    /// schema's relays. On one shared channel every service's relay (and its PostgreSQL backend) woke for every commit of
    /// every other service. Schema names longer than fit in an identifier (63 bytes) use the first 40 hex digits of their
    /// SHA-256. The payload stays the schema name.
    /// </summary>
    public static string NotificationChannelOf(string schema)
    {
        SchemaName.Validate(schema, nameof(schema));
        var channel = NotificationChannel + "_" + schema;
        return channel.Length <= SchemaName.MaxLength
            ? channel
            : NotificationChannel + "_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(schema)))[..40];
    }

    /// <summary>The embedded outbox migrations.</summary>
    public static MigrationSource Migrations { get; } = EmbeddedMigrations.Load(typeof(OutboxSchema).Assembly, SourceName);

    /// <summary>Applies the outbox migrations to <paramref name="schema"/> (a migrate step).</summary>
    public static Task<MigrationResult> EnsureAsync(MigrationRunner runner, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return runner.MigrateAsync(schema, [Migrations], cancellationToken);
    }
}
