using Credentials.Contracts.Events.V1;
using Credentials.DocumentSigner.Application;
using Credentials.SignerKeys;
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

    public DocumentSignerStore(DocumentSignerRepository repository, DocumentSignerEventWriter events)
    {
        _repository = repository;
        _events = events;
    }

    public Task<IssuanceRecord?> FindIssuanceAsync(string? requestId, Guid? credentialId, CancellationToken cancellationToken) =>
        _repository.FindIssuanceAsync(requestId, credentialId, cancellationToken);

    public Task<StoredRequest?> GetRequestAsync(string requestId, CancellationToken cancellationToken) =>
        _repository.GetRequestAsync(requestId, cancellationToken);

    public async Task<bool> StoreSignerKeyAsync(
        RequestRecord request, Func<IReadOnlyList<SignerKeyRecord>, (SignerKeyRecord Key, byte[] Response)> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decide);
        try
        {
            await using var connection = await _repository.DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var (key, response) = decide(await PostgresSignerKeyRepository.ListAsync(connection, transaction, forUpdate: true, cancellationToken));
            await PostgresSignerKeyRepository.InsertAsync(connection, transaction, key, cancellationToken);
            await DocumentSignerRepository.InsertRequestAsync(connection, transaction, request.RequestId, request.Operation, request.RequestHash, response, request.At, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return false;
        }
    }

    public async Task<StoredRequest?> SignSealOnceAsync(
        string requestId, Func<CancellationToken, Task<(RequestRecord Request, byte[] Response, SealIssued Event)>> produce, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(produce);
        await using var connection = await _repository.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await DocumentSignerRepository.LockAndGetRequestAsync(connection, transaction, requestId, cancellationToken) is { } stored)
        {
            return stored;
        }

        var (request, response, sealIssued) = await produce(cancellationToken);
        await DocumentSignerRepository.InsertRequestAsync(connection, transaction, request.RequestId, request.Operation, request.RequestHash, response, request.At, cancellationToken);
        await _events.WriteSealIssuedAsync(connection, transaction, sealIssued, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }
}
