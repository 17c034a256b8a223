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
}
