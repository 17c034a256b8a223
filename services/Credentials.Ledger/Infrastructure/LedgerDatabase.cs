using Credentials.Ledger.Options;
using Credentials.Storage.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Credentials.Ledger.Infrastructure;

/// <summary>The owner and writer connection settings of the ledger (the writer is what the service runs with).</summary>
internal sealed class LedgerDatabase
{
    public LedgerDatabase(IOptions<PostgresOptions> postgres, IOptions<LedgerOptions> options)
    {
        var ledger = options.Value;
        OwnerConnectionString = postgres.Value.ConnectionString;
        Schema = postgres.Value.Schema;
        var configured = Environment.GetEnvironmentVariable(ledger.WriterPasswordEnvironmentVariable);
        WriterPassword = LedgerWriterConnection.WriterPassword(OwnerConnectionString, ledger.WriterRole, configured);
        WriterConnectionString = LedgerWriterConnection.Build(OwnerConnectionString, ledger.WriterRole, WriterPassword);
    }

    public string OwnerConnectionString { get; }

    public string Schema { get; }

    public string WriterPassword { get; }

    public string WriterConnectionString { get; }

    /// <summary>The service's data source: the writer role, the ledger schema as search path.</summary>
    public NpgsqlDataSource CreateWriterDataSource(ILoggerFactory loggerFactory) =>
        PostgresServiceCollectionExtensions.CreateDataSource(
            new PostgresOptions { ConnectionString = WriterConnectionString, Schema = Schema }, loggerFactory);
}
