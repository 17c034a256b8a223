using Microsoft.Extensions.Logging;

namespace Credentials.SignerKeys;

/// <summary>
/// The signer keys as this process sees them: a snapshot refreshed after the cache lifetime or after a local change,
/// and the lifecycle (<see cref="SignerKeySelector.Lifecycle"/>) applied under row locks so concurrent instances agree.
/// </summary>
public sealed partial class SignerKeyStore : IDisposable
{
    private readonly ISignerKeyRepository _repository;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SignerKeyStore> _logger;
    private readonly TimeSpan _lifetime;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot? _snapshot;

    public SignerKeyStore(ISignerKeyRepository repository, TimeSpan cacheLifetime, TimeProvider timeProvider, ILogger<SignerKeyStore> logger)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentOutOfRangeException.ThrowIfLessThan(cacheLifetime, TimeSpan.Zero);
        _repository = repository;
        _timeProvider = timeProvider;
        _logger = logger;
        _lifetime = cacheLifetime;
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

            var keys = await _repository.ListAsync(cancellationToken);
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
    /// lifecycle runs at once (a key whose usage period just ended is retired and a pending one activated) before
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

    /// <summary>Stores a new key and forgets the snapshot.</summary>
    public async Task AddAsync(SignerKeyRecord key, CancellationToken cancellationToken)
    {
        await _repository.InsertAsync(key, cancellationToken);
        Invalidate();
        LogAdded(_logger, key.KeyId, key.Status);
    }

    /// <summary>Retires <paramref name="keyId"/> now for <paramref name="reason"/> unless it is retired already (the first reason stays).</summary>
    public async Task RetireAsync(string keyId, string reason, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var applied = await _repository.TransitionAsync(
            keys => keys.Where(k => k.KeyId == keyId && k.Status != SignerKeyStatus.Retired).Select(k => new SignerKeyTransition(k.KeyId, SignerKeyStatus.Retired, now, reason)).ToList(),
            cancellationToken);
        Invalidate();
        foreach (var transition in applied)
        {
            LogRetired(_logger, transition.KeyId, transition.Reason);
        }
    }

    /// <summary>Retires keys past their private key usage period and activates pending keys for uncovered document types.</summary>
    public async Task<int> ApplyLifecycleAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var applied = await _repository.TransitionAsync(keys => SignerKeySelector.Lifecycle(keys, now), cancellationToken);
        foreach (var transition in applied)
        {
            if (transition.To == SignerKeyStatus.Retired)
            {
                LogRetired(_logger, transition.KeyId, transition.Reason);
            }
            else
            {
                LogActivated(_logger, transition.KeyId);
            }
        }

        if (applied.Count > 0)
        {
            Invalidate();
        }

        return applied.Count;
    }

    public void Dispose() => _refresh.Dispose();

    [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "Signer key {KeyId} retired: {Reason}")]
    private static partial void LogRetired(ILogger logger, string keyId, string reason);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Information, Message = "Signer key {KeyId} activated")]
    private static partial void LogActivated(ILogger logger, string keyId);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Information, Message = "Signer key {KeyId} stored ({Status})")]
    private static partial void LogAdded(ILogger logger, string keyId, SignerKeyStatus status);

    private sealed record Snapshot(IReadOnlyList<SignerKeyRecord> Keys, DateTimeOffset ExpiresAt);
}
