using Npgsql;

namespace Credentials.IntegrationTests.Faults;

/// <summary>
/// Compares what document-signer issued (its <c>issuances</c> table, committed with the outbox row) with what the
/// ledger recorded (<c>credential.issued</c> entries keyed by credential id), straight in the fault stack's database.
/// </summary>
internal static class LedgerAudit
{
    private const string Sql = """
        SELECT
          (SELECT count(*) FROM document_signer.issuances WHERE document_type = @type) AS issued,
          (SELECT count(*) FROM ledger.entries e
             JOIN document_signer.issuances i ON e.aggregate_key = i.credential_id::text
            WHERE e.event_type = 'credential.issued' AND i.document_type = @type) AS entries,
          (SELECT count(*) FROM document_signer.issuances i
            WHERE i.document_type = @type
              AND NOT EXISTS (SELECT 1 FROM ledger.entries e
                               WHERE e.event_type = 'credential.issued' AND e.aggregate_key = i.credential_id::text)) AS missing,
          (SELECT count(*) FROM (SELECT aggregate_key FROM ledger.entries
                                  WHERE event_type = 'credential.issued'
                                  GROUP BY aggregate_key HAVING count(*) > 1) d) AS duplicates
        """;

    /// <summary>Counts for one document type (missing) and for the whole ledger (duplicates).</summary>
    public static async Task<LedgerCounts> CountAsync(string connectionString, string documentType, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.AddWithValue("type", documentType);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new LedgerCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <summary>The credential ids document-signer holds for a document type.</summary>
    public static async Task<HashSet<string>> IssuedCredentialsAsync(string connectionString, string documentType, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT credential_id::text FROM document_signer.issuances WHERE document_type = @type");
        command.Parameters.AddWithValue("type", documentType);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>
    /// Polls until the ledger holds an entry for every issued credential of the type (or the timeout passes) and
    /// returns the last counts and how long it took.
    /// </summary>
    public static async Task<(LedgerCounts Counts, TimeSpan Elapsed)> WaitCaughtUpAsync(string connectionString, string documentType, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            LedgerCounts? counts = null;
            try
            {
                counts = await CountAsync(connectionString, documentType, cancellationToken);
            }
            catch (NpgsqlException exception) when (exception.IsTransient)
            {
                // PostgreSQL is still coming back.
            }

            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (counts is { Missing: 0 } || (elapsed > timeout && counts is not null))
            {
                return (counts, elapsed);
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
