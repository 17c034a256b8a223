using Credentials.Storage;
using System.Data.Common;
using Google.Protobuf;

namespace Credentials.Csca.Application;

/// <summary>
/// Idempotency of side-effecting RPCs on request_id (STYLE.md rule 10) over the shared <see cref="IIdempotencyStore"/>:
/// the first response is stored in the same transaction as the change; a retry with the same body gets it back,
/// another body gets REQUEST_ID_CONFLICT. Two concurrent first attempts race on the primary key; the loser rolls back
/// and returns the winner's response.
/// </summary>
internal sealed class IdempotentRequests
{
    private readonly IIdempotencyStore _store;

    public IdempotentRequests(IIdempotencyStore store)
    {
        _store = store;
    }

    /// <summary>Runs <paramref name="perform"/> once per request_id; it must record its response in its transaction (<see cref="ICscaTransaction.RecordResponseAsync"/>).</summary>
    public async Task<TResponse> RunAsync<TResponse>(
        string requestId,
        string operation,
        IMessage request,
        MessageParser<TResponse> parser,
        Func<IdempotentRequest, CancellationToken, Task<TResponse>> perform,
        CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse>
    {
        var record = new IdempotentRequest(requestId, operation, IdempotencyRule.Fingerprint(operation, request.ToByteArray()));
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
            catch (Exception lookup) when (lookup is DbException or TimeoutException)
            {
                replay = null;
            }

            if (replay is not null)
            {
                return replay;
            }

            if (_store.IsRequestIdTaken(exception))
            {
                throw CscaErrors.RequestIdConflict();
            }

            throw;
        }
    }

    private async Task<TResponse?> ReplayAsync<TResponse>(IdempotentRequest record, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse>
    {
        var lookup = await _store.LookupAsync(record, cancellationToken);
        return lookup.Status switch
        {
            IdempotencyStatus.New => null,
            IdempotencyStatus.Replay => parser.ParseFrom(lookup.Response),
            _ => throw CscaErrors.RequestIdConflict(),
        };
    }
}
