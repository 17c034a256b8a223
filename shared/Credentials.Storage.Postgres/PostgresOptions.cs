namespace Credentials.Storage.Postgres;

/// <summary>PostgreSQL settings of one service (configuration section <c>Postgres</c>).</summary>
public sealed class PostgresOptions
{
    public const string SectionName = "Postgres";

    /// <summary>Npgsql connection string; in development <c>$CRED_PG_CONNECTION</c>. Secrets come from the
    /// environment or a file, never from appsettings.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The service's schema (a schema per service); it becomes the connections' <c>search_path</c>.</summary>
    public string Schema { get; set; } = string.Empty;

    /// <summary>
    /// Npgsql's <c>Max Auto Prepare</c> when the connection string does not set it: how many statements each physical
    /// connection keeps prepared once they have run a few times, so PostgreSQL parses and plans them once instead of
    /// per execution. 0 (the default) leaves auto-preparation off.
    /// </summary>
    public int MaxAutoPrepare { get; set; }
}
