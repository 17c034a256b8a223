using Npgsql;

namespace Credentials.Pkd.Infrastructure;

/// <summary>The <c>requests</c> table: the stored response of each SyncNow <c>request_id</c> (idempotency).</summary>
internal sealed class RequestRepository
{
    private readonly PkdSession _session;

    public RequestRepository(PkdSession session)
    {
        _session = session;
    }

    public async Task<StoredRequest?> GetAsync(string requestId, CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand("SELECT operation, request_hash, response FROM requests WHERE request_id = @id");
        command.Parameters.AddWithValue("id", requestId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredRequest(reader.GetString(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2))
            : null;
    }

    /// <summary>Stores a request's response; false when the request_id is already stored.</summary>
    public async Task<bool> TryInsertAsync(string requestId, string operation, byte[] hash, byte[] response, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = _session.CreateCommand(
            "INSERT INTO requests (request_id, operation, request_hash, response, created_at) VALUES (@id, @op, @hash, @response, @now) ON CONFLICT DO NOTHING");
        command.Parameters.AddWithValue("id", requestId);
        command.Parameters.AddWithValue("op", operation);
        command.Parameters.AddWithValue("hash", hash);
        command.Parameters.AddWithValue("response", response);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
