using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Csca.Application;
using Credentials.Storage;
using Credentials.Storage.Postgres;
using Google.Protobuf;
using Npgsql;

namespace Credentials.Csca.Infrastructure;

/// <summary>The <see cref="ICscaTransaction"/> of one unit of work: every call joins its PostgreSQL transaction.</summary>
internal sealed class PostgresCscaTransaction : ICscaTransaction
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly CscaEventWriter _events;
    private readonly PostgresIdempotencyStore _idempotency;

    public PostgresCscaTransaction(UnitOfWorkContext context, CscaEventWriter events, PostgresIdempotencyStore idempotency)
    {
        ArgumentNullException.ThrowIfNull(context);
        _connection = context.Connection;
        _transaction = context.Transaction;
        ObjectKeys = context.Objects.Select(o => o.Key.Value).ToList();
        _events = events;
        _idempotency = idempotency;
    }

    public IReadOnlyList<string> ObjectKeys { get; }

    public async Task<bool> TryInsertCscaAsync(CscaRecord csca, CancellationToken cancellationToken)
    {
        try
        {
            await CscaRepository.InsertCscaAsync(_connection, _transaction, csca, cancellationToken);
            return true;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation && exception.ConstraintName == "cscas_pkey")
        {
            return false;
        }
    }

    public Task InsertGenerationAsync(GenerationRecord generation, CancellationToken cancellationToken) =>
        CscaRepository.InsertGenerationAsync(_connection, _transaction, generation, cancellationToken);

    public Task SetGenerationStateAsync(string cscaId, int generation, CscaGenerationState state, CancellationToken cancellationToken) =>
        CscaRepository.SetGenerationStateAsync(_connection, _transaction, cscaId, generation, state, cancellationToken);

    public Task<IReadOnlyList<GenerationRecord>> GetGenerationsAsync(string cscaId, bool forUpdate, CancellationToken cancellationToken) =>
        CscaRepository.GetGenerationsAsync(_connection, _transaction, cscaId, forUpdate, cancellationToken);

    public async Task LockGenerationAsync(string cscaId, int generation, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT 1 FROM generations WHERE csca_id = @id AND generation = @g FOR UPDATE", _connection, _transaction);
        command.Parameters.AddWithValue("id", cscaId);
        command.Parameters.AddWithValue("g", generation);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task InsertCertificateAsync(CertificateRecord certificate, CancellationToken cancellationToken) =>
        CscaRepository.InsertCertificateAsync(_connection, _transaction, certificate, cancellationToken);

    public Task<CertificateRecord?> FindCertificateForUpdateAsync(string? serialNumber, string? fingerprint, CancellationToken cancellationToken) =>
        CscaRepository.FindCertificateAsync(_connection, _transaction, serialNumber, fingerprint, forUpdate: true, cancellationToken);

    public Task RevokeCertificateAsync(string fingerprint, DateTimeOffset revokedAt, RevocationReason reason, DateTimeOffset? invalidityDate, CancellationToken cancellationToken) =>
        CscaRepository.RevokeCertificateAsync(_connection, _transaction, fingerprint, revokedAt, reason, invalidityDate, cancellationToken);

    public Task<IReadOnlyList<CertificateRecord>> GetRevokedAsync(string cscaId, int issuerGeneration, CancellationToken cancellationToken) =>
        CscaRepository.GetRevokedAsync(_connection, _transaction, cscaId, issuerGeneration, cancellationToken);

    public Task<long> NextCrlNumberAsync(string cscaId, int generation, CancellationToken cancellationToken) =>
        CscaRepository.NextCrlNumberAsync(_connection, _transaction, cscaId, generation, cancellationToken);

    public Task InsertCrlAsync(CrlRecord crl, DateTimeOffset now, CancellationToken cancellationToken) =>
        CscaRepository.InsertCrlAsync(_connection, _transaction, crl, now, cancellationToken);

    public Task<CrlRecord?> GetLatestCrlAsync(string cscaId, int generation, CancellationToken cancellationToken) =>
        CscaRepository.GetCrlAsync(_connection, _transaction, cscaId, generation, null, cancellationToken);

    public Task InsertMasterListAsync(
        string fingerprint, string cscaId, string signerFingerprint, int count, string objectKey, DateTimeOffset signedAt, string requestId, CancellationToken cancellationToken) =>
        CscaRepository.InsertMasterListAsync(_connection, _transaction, fingerprint, cscaId, signerFingerprint, count, objectKey, signedAt, requestId, cancellationToken);

    public Task WriteEventAsync(string eventType, string aggregateKey, IMessage payload, CancellationToken cancellationToken) =>
        _events.WriteAsync(_connection, _transaction, eventType, aggregateKey, payload, cancellationToken);

    public Task RecordResponseAsync(IdempotentRequest request, IMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        return _idempotency.RecordAsync(_connection, _transaction, request, response.ToByteArray(), cancellationToken);
    }
}
