using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Credentials.TrustAnchor.Options;

namespace Credentials.TrustAnchor.Application;

/// <summary>
/// Holds the current <see cref="TrustSnapshot"/> and replaces it when the store version moves: after an event or an
/// import committed here (<see cref="RequestVersion"/>), when another replica announces a version through Redis, and
/// at <see cref="TrustAnchorOptions.RefreshInterval"/> as a safety net. Material is read from the Redis cache by
/// version and from PostgreSQL on a miss. Verifications keep using the previous snapshot while the next one is built;
/// a replaced snapshot is disposed after a grace period so in-flight calls finish on it.
/// </summary>
internal sealed partial class TrustSnapshotProvider : IDisposable
{
    private static readonly TimeSpan DisposeGrace = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CommitWait = TimeSpan.FromSeconds(10);

    private readonly ITrustMaterialSource _source;
    private readonly ITrustMaterialCache _cache;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TrustSnapshotProvider> _logger;
    private readonly TimeSpan _refreshInterval;
    private readonly SemaphoreSlim _reloadLock = new(1, 1);
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private readonly AnchorPool _anchorPool = new();
    private TrustSnapshot? _current;
    private long _wantedVersion;

    public TrustSnapshotProvider(ITrustMaterialSource source, ITrustMaterialCache cache, TimeProvider timeProvider, IOptions<TrustAnchorOptions> options, ILogger<TrustSnapshotProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _source = source;
        _cache = cache;
        _timeProvider = timeProvider;
        _logger = logger;
        _refreshInterval = options.Value.RefreshInterval;
    }

    /// <summary>The snapshot in use, or null before the first load.</summary>
    public TrustSnapshot? Current => Volatile.Read(ref _current);

    /// <summary>The current snapshot; loads the first one when there is none yet.</summary>
    public async ValueTask<TrustSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null)
        {
            return current;
        }

        await ReloadAsync(cancellationToken);
        return Volatile.Read(ref _current) ?? throw new InvalidOperationException("The trust snapshot could not be loaded.");
    }

    /// <summary>Asks the background loop to reach at least <paramref name="version"/> (a version committed or announced).</summary>
    public void RequestVersion(long version)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref _wantedVersion);
            if (version <= seen)
            {
                break;
            }
        }
        while (Interlocked.CompareExchange(ref _wantedVersion, version, seen) != seen);

        _signal.Release();
    }

    /// <summary>Loads <paramref name="version"/> (already committed by the caller) before returning: read-your-writes for imports.</summary>
    public async Task EnsureVersionAsync(long version, CancellationToken cancellationToken)
    {
        RequestVersion(version);
        if (Volatile.Read(ref _current) is { } current && current.Version >= version)
        {
            return;
        }

        await ReloadAsync(cancellationToken);
    }

    /// <summary>The background loop (run by <c>TrustSnapshotRefresher</c>): reloads on request, on announcements and periodically.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _cache.SubscribeAsync(RequestVersion, cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(_refreshInterval, cancellationToken);
                while (_signal.CurrentCount > 0)
                {
                    await _signal.WaitAsync(cancellationToken);
                }

                await ReloadUntilWantedAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogReloadFailed(exception.GetType().Name, exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), _timeProvider, cancellationToken);
            }
        }
    }

    public void Dispose()
    {
        Volatile.Read(ref _current)?.Dispose();
        _anchorPool.Dispose();
        _reloadLock.Dispose();
        _signal.Dispose();
    }

    private async Task ReloadUntilWantedAsync(CancellationToken cancellationToken)
    {
        // A version requested from inside a transaction may not be committed yet: wait for it, bounded.
        var deadline = _timeProvider.GetUtcNow() + CommitWait;
        while (true)
        {
            var reached = await ReloadAsync(cancellationToken);
            if (reached >= Interlocked.Read(ref _wantedVersion) || _timeProvider.GetUtcNow() > deadline)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), _timeProvider, cancellationToken);
        }
    }

    /// <summary>Builds a new snapshot when the committed version differs from the current one; returns the version in use.</summary>
    private async Task<long> ReloadAsync(CancellationToken cancellationToken)
    {
        await _reloadLock.WaitAsync(cancellationToken);
        try
        {
            var current = Volatile.Read(ref _current);
            var committed = await _source.GetVersionAsync(cancellationToken);
            if (current is not null && current.Version == committed)
            {
                return committed;
            }

            var started = _timeProvider.GetTimestamp();
            var material = await _cache.TryGetAsync(committed, cancellationToken);
            var fromCache = material is not null;
            if (material is null)
            {
                material = await _source.LoadAsync(cancellationToken);
                await _cache.SetAsync(material, cancellationToken);
            }

            var loaded = _timeProvider.GetElapsedTime(started).TotalMilliseconds;

            // Ownership passes to _current; the replaced snapshot is disposed after the grace period.
#pragma warning disable CA2000
            var snapshot = TrustSnapshot.Build(material, current, _anchorPool, _timeProvider.GetUtcNow());
#pragma warning restore CA2000
            Volatile.Write(ref _current, snapshot);
            var elapsed = _timeProvider.GetElapsedTime(started).TotalMilliseconds;
            var origin = fromCache ? "redis" : "postgres";
            var decodedAnchors = ReferenceEquals(snapshot.Anchors, current?.Anchors) ? 0 : snapshot.Anchors.Decoded;
            LogSnapshotLoaded(snapshot.Version, material.Anchors.Count, decodedAnchors, material.Crls.Count, material.DocumentSigners.Count, snapshot.SkippedCount, origin, loaded, elapsed);
            if (current is not null)
            {
                _ = DisposeLaterAsync(current, withAnchors: !ReferenceEquals(current.Anchors, snapshot.Anchors));
            }

            return snapshot.Version;
        }
        finally
        {
            _reloadLock.Release();
        }
    }

    private async Task DisposeLaterAsync(TrustSnapshot snapshot, bool withAnchors)
    {
        try
        {
            await Task.Delay(DisposeGrace, _timeProvider);
        }
        finally
        {
            snapshot.Dispose(withAnchors);
        }
    }

    [LoggerMessage(EventId = 7501, Level = LogLevel.Information,
        Message = "Trust snapshot v{Version}: {Anchors} anchors ({DecodedAnchors} newly decoded), {Crls} CRLs, {Signers} document signers, {Skipped} skipped (read from {Origin} in {LoadMilliseconds:F1} ms, ready after {Milliseconds:F1} ms)")]
    private partial void LogSnapshotLoaded(long version, int anchors, int decodedAnchors, int crls, int signers, int skipped, string origin, double loadMilliseconds, double milliseconds);

    [LoggerMessage(EventId = 7502, Level = LogLevel.Warning, Message = "Reloading the trust snapshot failed: {ExceptionType}: {Message}")]
    private partial void LogReloadFailed(string exceptionType, string message);
}
