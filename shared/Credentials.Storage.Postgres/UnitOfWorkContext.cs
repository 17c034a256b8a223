using Credentials.Storage;
using Npgsql;

namespace Credentials.Storage.Postgres;

/// <summary>
/// What a unit of work's body gets: the objects already stored, and the open connection and transaction in which
/// it writes metadata and outbox rows. The body must not commit or roll back; the unit of work does.
/// </summary>
/// <param name="Connection">The open connection.</param>
/// <param name="Transaction">The transaction every write must join.</param>
/// <param name="Objects">The stored objects, in the order they were given.</param>
public sealed record UnitOfWorkContext(NpgsqlConnection Connection, NpgsqlTransaction Transaction, IReadOnlyList<StoredObject> Objects);
