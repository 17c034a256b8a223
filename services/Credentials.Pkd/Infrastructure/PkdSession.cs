using Credentials.Storage;
using Credentials.Storage.Postgres;
using Npgsql;

namespace Credentials.Pkd.Infrastructure;

/// <summary>
/// Where the pkd repositories run their SQL: either the service's data source (each statement on a pooled connection
/// of its own, for reads and single-statement writes) or one unit of work (<see cref="UnitOfWorkContext"/>: its open
/// connection and transaction, which every repository built over it joins, so a unit commits all or nothing).
/// </summary>
internal sealed class PkdSession
{
    private readonly NpgsqlDataSource? _dataSource;
    private readonly UnitOfWorkContext? _unit;

    private PkdSession(NpgsqlDataSource? dataSource, UnitOfWorkContext? unit)
    {
        _dataSource = dataSource;
        _unit = unit;
    }

    /// <summary>Statements outside any transaction, each on a pooled connection.</summary>
    public static PkdSession Of(NpgsqlDataSource dataSource) => new(dataSource ?? throw new ArgumentNullException(nameof(dataSource)), null);

    /// <summary>Statements in the unit of work's transaction.</summary>
    public static PkdSession Of(UnitOfWorkContext unit) => new(null, unit ?? throw new ArgumentNullException(nameof(unit)));

    /// <summary>A command in this session (the caller disposes it).</summary>
    public NpgsqlCommand CreateCommand(string sql) =>
        _unit is { } unit ? new NpgsqlCommand(sql, unit.Connection, unit.Transaction) : _dataSource!.CreateCommand(sql);

    /// <summary>A batch of commands in this session, sent in one round trip (the caller disposes it).</summary>
    public NpgsqlBatch CreateBatch() => _unit is { } unit ? new NpgsqlBatch(unit.Connection, unit.Transaction) : _dataSource!.CreateBatch();

    /// <summary>A binary COPY into a table; only inside a unit of work (it joins the transaction).</summary>
    public Task<NpgsqlBinaryImporter> BeginBinaryImportAsync(string copyCommand, CancellationToken cancellationToken) =>
        _unit is { } unit
            ? unit.Connection.BeginBinaryImportAsync(copyCommand, cancellationToken)
            : throw new InvalidOperationException("A COPY runs only inside a unit of work.");
}
