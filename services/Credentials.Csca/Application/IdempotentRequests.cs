using System.Security.Cryptography;
using System.Text;
using Credentials.Csca.Infrastructure;
using Google.Protobuf;
using Npgsql;

namespace Credentials.Csca.Application;

/// <summary>
/// Idempotency of side-effecting RPCs on request_id (STYLE.md rule 10): the first response is stored in the same
/// transaction as the change; a retry with the same body gets it back, another body gets REQUEST_ID_CONFLICT.
/// Two concurrent first attempts race on the primary key; the loser rolls back and returns the winner's response.
/// </summary>
internal sealed class IdempotentRequests
{
    private readonly CscaRepository _repository;
    private readonly TimeProvider _timeProvider;

    public IdempotentRequests(CscaRepository repository, TimeProvider timeProvider)
    {
        _repository = repository;
        _timeProvider = timeProvider;
    }

    /// <summary>Runs <paramref name="perform"/> once per request_id; it must call <see cref="RecordAsync"/> in its transaction.</summary>
    public async Task<TResponse> RunAsync<TResponse>(
        string requestId,
        string operation,
        IMessage request,
        MessageParser<TResponse> parser,
        Func<RequestRecord, CancellationToken, Task<TResponse>> perform,
        CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse>
    {
        var record = new RequestRecord(requestId, operation, Hash(operation, request));
        if (await ReplayAsync(record, parser, cancellationToken) is { } stored)
        {
            return stored;
        }

        try
        {
            return await perform(record, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A concurrent attempt with the same request_id may have committed first (our insert of the request row,
            // or of the entity it created, then conflicts): answer with its response, as a retry would get.
            TResponse? replay;
            try
            {
                replay = await ReplayAsync(record, parser, cancellationToken);
            }
            catch (Exception lookup) when (lookup is NpgsqlException or TimeoutException)
            {
                replay = null;
            }

            if (replay is not null)
            {
                return replay;
            }

            if (exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "requests_pkey" })
            {
                throw CscaErrors.RequestIdConflict();
            }

            throw;
        }
    }

    /// <summary>Stores the response of <paramref name="record"/> in the caller's transaction.</summary>
    public Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RequestRecord record, IMessage response, CancellationToken cancellationToken) =>
        CscaRepository.InsertRequestAsync(connection, transaction, record.RequestId, record.Operation, record.Hash, response.ToByteArray(), _timeProvider.GetUtcNow(), cancellationToken);

    private async Task<TResponse?> ReplayAsync<TResponse>(RequestRecord record, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse>
    {
        var stored = await _repository.GetRequestAsync(record.RequestId, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        if (stored.Operation != record.Operation || !CryptographicOperations.FixedTimeEquals(stored.RequestHash, record.Hash))
        {
            throw CscaErrors.RequestIdConflict();
        }

        return parser.ParseFrom(stored.Response);
    }

    private static byte[] Hash(string operation, IMessage request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(operation));
        hash.AppendData([0]);
        hash.AppendData(request.ToByteArray());
        return hash.GetHashAndReset();
    }
}
