using Npgsql;

namespace Credentials.Outbox.Postgres;

/// <summary>The transaction an inbox handler writes its effect in; the inbox row is already in it.</summary>
/// <param name="Connection">The open connection.</param>
/// <param name="Transaction">The transaction; the processor commits it when the handler returns.</param>
public sealed record InboxTransaction(NpgsqlConnection Connection, NpgsqlTransaction Transaction);
