using Credentials.Contracts.DocumentSigner.V1;
using Credentials.DocumentSigner.Infrastructure;
using Credentials.DocumentSigner.Options;
using Microsoft.Extensions.Options;

namespace Credentials.DocumentSigner.Application;

/// <summary>
/// The signer keys as this process sees them: a snapshot refreshed after <see cref="DocumentSignerOptions.KeyCacheLifetime"/>
/// or after a local change, and the state transitions (retire past the private key usage period, activate pending
/// keys for uncovered document types) applied under row locks so concurrent instances agree.
/// </summary>
internal sealed partial class SignerKeyStore : IDisposable
{
    private readonly DocumentSignerRepository _repository;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SignerKeyStore> _logger;
    private readonly TimeSpan _lifetime;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot? _snapshot;

    public SignerKeyStore(DocumentSignerRepository repository, IOptions<DocumentSignerOptions> options, TimeProvider timeProvider, ILogger<SignerKeyStore> logger)
    {
        _repository = repository;
        _timeProvider = timeProvider;
        _logger = logger;
        _lifetime = options.Value.KeyCacheLifetime;
    }

    /// <summary>Every key, from a snapshot at most the cache lifetime old.</summary>
    public async Task<IReadOnlyList<SignerKeyRecord>> GetKeysAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var snapshot = _snapshot;
        if (snapshot is not null && now < snapshot.ExpiresAt)
        {
            return snapshot.Keys;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            snapshot = _snapshot;
            if (snapshot is not null && now < snapshot.ExpiresAt)
            {
                return snapshot.Keys;
            }

            var keys = await _repository.ListKeysAsync(cancellationToken);
            _snapshot = new Snapshot(keys, _timeProvider.GetUtcNow() + _lifetime);
            return keys;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Forgets the snapshot (after a change made by this process).</summary>
    public void Invalidate() => _snapshot = null;

    /// <summary>
    /// The key of <paramref name="kind"/> that signs <paramref name="documentType"/> now. When none is usable the
    /// lifecycle rules run at once (a key whose usage period just ended is retired and a pending one activated) before
    /// giving up.
    /// </summary>
    public async Task<SignerKeyRecord?> SelectAsync(SignerKeyKind kind, string documentType, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = SignerKeySelector.SelectActive(await GetKeysAsync(cancellationToken), kind, documentType, now);
        if (key is not null)
        {
            return key;
        }

        await ApplyLifecycleAsync(cancellationToken);
        return SignerKeySelector.SelectActive(await GetKeysAsync(cancellationToken), kind, documentType, now);
    }

    /// <summary>Finds a key by id (from the snapshot, then the database).</summary>
    public async Task<SignerKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var key = (await GetKeysAsync(cancellationToken)).FirstOrDefault(k => k.KeyId == keyId);
        if (key is null)
        {
            Invalidate();
            key = (await GetKeysAsync(cancellationToken)).FirstOrDefault(k => k.KeyId == keyId);
        }

        return key;
    }

    /// <summary>Retires keys past their private key usage period and activates pending keys for uncovered document types.</summary>
    public async Task<int> ApplyLifecycleAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _repository.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var keys = await DocumentSignerRepository.ListKeysAsync(connection, transaction, forUpdate: true, cancellationToken);
        var now = _timeProvider.GetUtcNow();
        var retiring = SignerKeySelector.DueForRetirement(keys, now);
        var activating = SignerKeySelector.DueForActivation(keys, retiring, now);
        foreach (var key in retiring)
        {
            await DocumentSignerRepository.SetStateAsync(connection, transaction, key.KeyId, SignerKeyState.Retired, now, cancellationToken);
            LogRetired(_logger, key.KeyId);
        }

        foreach (var key in activating)
        {
            await DocumentSignerRepository.SetStateAsync(connection, transaction, key.KeyId, SignerKeyState.Active, now, cancellationToken);
            LogActivated(_logger, key.KeyId);
        }

        await transaction.CommitAsync(cancellationToken);
        var changes = retiring.Count + activating.Count;
        if (changes > 0)
        {
            Invalidate();
        }

        return changes;
    }

    public void Dispose() => _refresh.Dispose();

    [LoggerMessage(EventId = 2041, Level = LogLevel.Information, Message = "Signer key {KeyId} retired: its private key usage period ended")]
    private static partial void LogRetired(ILogger logger, string keyId);

    [LoggerMessage(EventId = 2042, Level = LogLevel.Information, Message = "Signer key {KeyId} activated")]
    private static partial void LogActivated(ILogger logger, string keyId);

    private sealed record Snapshot(IReadOnlyList<SignerKeyRecord> Keys, DateTimeOffset ExpiresAt);
}
