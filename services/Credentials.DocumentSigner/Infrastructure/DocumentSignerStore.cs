using Credentials.Contracts.Events.V1;
using Credentials.DocumentSigner.Application;
using Credentials.SignerKeys;
using Credentials.SignerKeys.Postgres;
using Credentials.Storage;
using Credentials.Storage.Postgres;
using Npgsql;

namespace Credentials.DocumentSigner.Infrastructure;

/// <summary>
/// <see cref="IDocumentSignerStore"/> over PostgreSQL: the transactions of CreateSignerKey (key row with its first
/// response) and SignVisibleSeal (first response with its <c>seal.issued</c> outbox row) around the SQL of
/// <see cref="DocumentSignerRepository"/> and <see cref="PostgresSignerKeyRepository"/>.
/// </summary>
internal sealed class DocumentSignerStore : IDocumentSignerStore
{
    private readonly DocumentSignerRepository _repository;
    private readonly DocumentSignerEventWriter _events;
    private readonly PostgresIdempotencyStore _idempotency;

    public DocumentSignerStore(DocumentSignerRepository repository, DocumentSignerEventWriter events, PostgresIdempotencyStore idempotency)
    {
        _repository = repository;
        _events = events;
        _idempotency = idempotency;
    }

    public Task<IssuanceRecord?> FindIssuanceAsync(string? requestId, Guid? credentialId, CancellationToken cancellationToken) =>
        _repository.FindIssuanceAsync(requestId, credentialId, cancellationToken);

    public Task<IdempotencyLookup> LookupRequestAsync(IdempotentRequest request, CancellationToken cancellationToken) =>
        _idempotency.LookupAsync(request, cancellationToken);

    public async Task<bool> StoreSignerKeyAsync(
        IdempotentRequest request, Func<IReadOnlyList<SignerKeyRecord>, (SignerKeyRecord Key, byte[] Response)> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decide);
        try
        {
            await using var connection = await _repository.DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var (key, response) = decide(await PostgresSignerKeyRepository.ListAsync(connection, transaction, forUpdate: true, cancellationToken));
            await PostgresSignerKeyRepository.InsertAsync(connection, transaction, key, cancellationToken);
            await _idempotency.RecordAsync(connection, transaction, request, response, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The request_id recorded by another attempt first (PostgresIdempotencyStore.IsRequestIdTaken) or the same key id
            // (derived from the request_id) inserted by it: nothing of this attempt is written; the caller replays.
            return false;
        }
    }

    public async Task<IdempotencyLookup> SignSealOnceAsync(
        IdempotentRequest request, Func<CancellationToken, Task<(byte[] Response, SealIssued Event)>> produce, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(produce);
        await using var connection = await _repository.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var lookup = await PostgresIdempotencyStore.LockAndLookupAsync(connection, transaction, request, cancellationToken);
        if (lookup.Status != IdempotencyStatus.New)
        {
            return lookup;
        }

        var (response, sealIssued) = await produce(cancellationToken);
        await _idempotency.RecordAsync(connection, transaction, request, response, cancellationToken);
        await _events.WriteSealIssuedAsync(connection, transaction, sealIssued, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return lookup;
    }
}
