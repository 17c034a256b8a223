using System.Data.Common;
using System.Security.Cryptography;
using Credentials.Contracts.Pkd.V1;
using Credentials.Pkd.Options;
using Credentials.Storage;
using Microsoft.Extensions.Options;

namespace Credentials.Pkd.Application;

/// <summary>
/// Runs one sync of one source: fetch each artifact → store the raw bytes in S3 (content-addressed) → split into
/// units → verify → commit the units in order, each batch of consecutive verified units in one transaction
/// (<see cref="ISyncWriter.CommitUnitsAsync"/>: metadata, membership, change log, TrustUpdated events, run counters
/// and the artifact's progress together). An artifact whose content hash was fully processed before is skipped, so a
/// re-sync without change writes no event; a run interrupted at any point leaves only whole units committed, and the
/// next run continues the artifact at the first uncommitted unit (idempotent on fingerprints).
/// Units are verified ahead of those being committed (at most <see cref="LookAheadPerWorker"/> units per
/// <see cref="PkdOptions.VerificationWorkers"/> in flight and as many signature verifications at once as workers),
/// and a commit takes every unit already verified at the head of the queue (group commit: while one batch commits,
/// the next is verified). A unit of DSCs/CRLs starts only after every earlier unit that may add CSCA/link
/// certificates (a Master List) is committed, so it sees them.
/// </summary>
internal sealed partial class SyncEngine
{
    /// <summary>Units in flight per verification worker: enough that a commit finds several verified units to take.</summary>
    public const int LookAheadPerWorker = 4;

    /// <summary>At most this many units in one transaction (bounds a transaction's size and the work a failure redoes).</summary>
    public const int MaxUnitsPerCommit = 32;

    /// <summary>A run that fetched at least this many bytes ends with a compacting collection (see <see cref="RunAsync"/>).</summary>
    public const long LargeRunBytes = 32L * 1024 * 1024;

    private readonly ISyncRunStore _runs;
    private readonly IArtifactStore _artifacts;
    private readonly ICertificateStore _certificates;
    private readonly ISyncWriter _writer;
    private readonly IArtifactSource _fetcher;
    private readonly TimeProvider _timeProvider;
    private readonly PkdOptions _options;
    private readonly ILogger<SyncEngine> _logger;

    public SyncEngine(
        ISyncRunStore runs, IArtifactStore artifacts, ICertificateStore certificates, ISyncWriter writer, IArtifactSource fetcher,
        TimeProvider timeProvider, IOptions<PkdOptions> options, ILogger<SyncEngine> logger)
    {
        _runs = runs;
        _artifacts = artifacts;
        _certificates = certificates;
        _writer = writer;
        _fetcher = fetcher;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Runs <paramref name="run"/> to its end; records SUCCEEDED or FAILED (never throws except on cancellation).</summary>
    public async Task RunAsync(PkdSource source, SyncRunRecord run, CancellationToken cancellationToken)
    {
        await _runs.MarkRunningAsync(run.RunId, _timeProvider.GetUtcNow(), cancellationToken);
        LogRunStarted(source.Id, run.RunId, run.Full);
        long fetchedBytes = 0;
        try
        {
            var locators = await _fetcher.ListAsync(source, cancellationToken);
            var lookup = new CachedCaLookup(_certificates);
            foreach (var locator in locators)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var timings = new SyncPhaseTimings();
                var fetching = SyncPhaseTimings.Start();
                var fetched = await locator.FetchAsync(cancellationToken);
                timings.Add(SyncPhase.Fetch, fetching);
                fetchedBytes += fetched.Content.Length;
                await ProcessArtifactAsync(source, run, fetched, lookup, timings, cancellationToken);
            }

            var listed = locators.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var name in await _artifacts.ListArtifactNamesAsync(source.Id, cancellationToken))
            {
                if (!listed.Contains(name))
                {
                    var removed = await _writer.DropArtifactAsync(source.Id, run.RunId, name, cancellationToken);
                    LogArtifactDropped(source.Id, name, removed);
                }
            }

            await _runs.FinishRunAsync(run.RunId, SyncState.Succeeded, _timeProvider.GetUtcNow(), null, null, CancellationToken.None);
            LogRunFinished(source.Id, run.RunId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _runs.FinishRunAsync(run.RunId, SyncState.Failed, _timeProvider.GetUtcNow(), "CANCELLED", "The service is stopping; a later run resumes.", CancellationToken.None);
            throw;
        }
        catch (SourceFetchException exception)
        {
            LogRunFailed(source.Id, run.RunId, "FETCH_FAILED");
            await _runs.FinishRunAsync(run.RunId, SyncState.Failed, _timeProvider.GetUtcNow(), "FETCH_FAILED", exception.Message, CancellationToken.None);
        }
        catch (Exception exception) when (exception is DbException or StorageException or InvalidOperationException or TimeoutException)
        {
            LogRunFailed(source.Id, run.RunId, exception.GetType().Name);
            await _runs.FinishRunAsync(run.RunId, SyncState.Failed, _timeProvider.GetUtcNow(), "SYNC_FAILED", exception.GetType().Name + ": " + exception.Message, CancellationToken.None);
        }
        finally
        {
            // A PKD download is ~100 MB, held as one array on the large object heap plus the decoded payloads of its
            // units: garbage once the run ends, which the GC would otherwise keep until memory pressure (measured: the
            // peak grew from ~370 MiB after one sync to ~590 MiB after three). A scheduled sync runs hours apart, so
            // one blocking, compacting collection that returns the memory is cheap (tens of milliseconds).
            if (fetchedBytes >= LargeRunBytes)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            }
        }
    }

    private async Task ProcessArtifactAsync(
        PkdSource source, SyncRunRecord run, FetchedArtifact fetched, CachedCaLookup lookup, SyncPhaseTimings timings, CancellationToken cancellationToken)
    {
        // The artifact's bytes are held once (by the split, until its last unit is read); the decoded payloads in memory
        // are those of the units in flight, not the file's.
        var name = fetched.Name;
        var bytes = fetched.Content;
        fetched = null!;
        var hashing = SyncPhaseTimings.Start();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        timings.Add(SyncPhase.Hash, hashing);
        var existing = await _artifacts.GetArtifactAsync(source.Id, name, cancellationToken);
        if (!run.Full && existing is { Completed: true, HasUnverified: false } && existing.ContentSha256 == sha256)
        {
            var unchanged = await _artifacts.CountArtifactCertificatesAsync(source.Id, name, sha256, cancellationToken);
            await _writer.RecordUnchangedArtifactAsync(run.RunId, unchanged, cancellationToken);
            LogArtifactUnchanged(source.Id, name);
            return;
        }

        // The upload to the object store (content-addressed, so a re-verification rewrites the same object) runs while
        // the split counts the units; it is complete before anything refers to its key. Neither copies the bytes.
        var storing = _writer.StoreArtifactAsync(new ObjectContent(bytes, ContentTypeOf(source.Options.Type)), cancellationToken);
        var splitting = SyncPhaseTimings.Start();
        ArtifactSplit split;
        string objectKey;
        try
        {
            split = await ArtifactSplit.PlanAsync(source.Options.Type, bytes, _options.LdifEntriesPerTransaction, cancellationToken);
            timings.Add(SyncPhase.Split, splitting);
        }
        finally
        {
            var waiting = SyncPhaseTimings.Start();
            objectKey = await storing;
            timings.Add(SyncPhase.Store, waiting);
        }

        bytes = null!; // held by the split until its units are read
        var version = new ArtifactVersion(source.Id, name, sha256, objectKey);
        var begun = await _writer.BeginArtifactVersionAsync(version, split.Count, cancellationToken);
        if (begun.UnitsDone > 0)
        {
            LogArtifactResumed(source.Id, name, begun.UnitsDone, split.Count);
        }

        if (split.Count == 0)
        {
            await _writer.CommitUnitsAsync(version, run.RunId, 0, [], true, timings, cancellationToken);
            LogArtifactPhases(source.Id, name, timings);
            return;
        }

        var workers = _options.EffectiveVerificationWorkers;
        var window = workers * LookAheadPerWorker;
        using var gate = new VerificationGate(workers);
        var lints = new CertificateLintCache();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var building = new Queue<Task<ArtifactUnit>>();
        var committed = begun.UnitsDone;
        var next = committed;
        var lastMasterListStarted = -1;
        // Fingerprints this pass listed verified for this version (a resumed pass starts empty and looks them up).
        var listed = new HashSet<string>(StringComparer.Ordinal);
        // Units are decoded from the artifact as they are started, so the payloads in memory are the window's.
        var reading = split.ReadAsync(committed, stop.Token).GetAsyncEnumerator(stop.Token);
        try
        {
            while (committed < split.Count)
            {
                // Look ahead: verify later units while earlier ones commit. A DSC/CRL unit waits until every earlier
                // Master List unit is committed (its CSCAs are what the DSCs and CRLs verify against).
                while (next < split.Count && building.Count < window && (split.IsMasterList(next) || lastMasterListStarted < committed))
                {
                    splitting = SyncPhaseTimings.Start();
                    if (!await reading.MoveNextAsync())
                    {
                        throw new InvalidOperationException("The artifact's content changed while it was processed.");
                    }

                    var unitSource = reading.Current;
                    timings.Add(SyncPhase.Split, splitting);
                    if (unitSource is UnitSource.MasterList)
                    {
                        lastMasterListStarted = next;
                    }

                    building.Enqueue(Task.Run(() => ArtifactParser.BuildAsync(unitSource, source.Trust, lookup, gate, lints, timings, stop.Token), stop.Token));
                    next++;
                }

                var waiting = SyncPhaseTimings.Start();
                var batch = new List<ArtifactUnit> { await building.Dequeue() };
                timings.Add(SyncPhase.VerifyWait, waiting);
                while (batch.Count < MaxUnitsPerCommit && building.TryPeek(out var ready) && ready.IsCompletedSuccessfully)
                {
                    batch.Add(building.Dequeue().Result);
                }

                foreach (var unit in batch)
                {
                    unit.DropRepeated(listed);
                }

                var committing = SyncPhaseTimings.Start();
                var authoritiesChanged = await _writer.CommitUnitsAsync(
                    version, run.RunId, committed, batch, committed + batch.Count == split.Count, timings, cancellationToken);
                timings.Add(SyncPhase.Commit, committing);
                committed += batch.Count;
                if (authoritiesChanged)
                {
                    lookup.Invalidate();
                }

                foreach (var group in batch.SelectMany(u => u.RejectionReasons).GroupBy(r => r, StringComparer.Ordinal))
                {
                    var count = group.Count();
                    LogItemsRejected(source.Id, name, group.Key, count);
                }
            }

            LogArtifactPhases(source.Id, name, timings);
        }
        finally
        {
            // A failed commit leaves verifications in flight: stop them and wait, so none outlives the run.
            await stop.CancelAsync();
            await ((Task)Task.WhenAll(building)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await reading.DisposeAsync();
        }
    }

    private static string ContentTypeOf(PkdSourceType type) => type switch
    {
        PkdSourceType.IcaoPkdLdif => "text/x-ldif",
        PkdSourceType.MasterList => "application/pkcs7-mime",
        _ => "application/pkix-crl",
    };

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Sync of source {SourceId} started (run {RunId}, full {Full})")]
    private partial void LogRunStarted(string sourceId, Guid runId, bool full);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Sync of source {SourceId} succeeded (run {RunId})")]
    private partial void LogRunFinished(string sourceId, Guid runId);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Sync of source {SourceId} failed (run {RunId}): {Reason}")]
    private partial void LogRunFailed(string sourceId, Guid runId, string reason);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Debug, Message = "Artifact {Name} of source {SourceId} unchanged")]
    private partial void LogArtifactUnchanged(string sourceId, string name);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "Artifact {Name} of source {SourceId} resumed at unit {UnitsDone}/{UnitsTotal}")]
    private partial void LogArtifactResumed(string sourceId, string name, int unitsDone, int unitsTotal);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Information, Message = "Artifact {Name} of source {SourceId}: {Count} item(s) rejected ({Reason})")]
    private partial void LogItemsRejected(string sourceId, string name, string reason, int count);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Information, Message = "Artifact {Name} vanished from source {SourceId}; {Removed} certificate(s) removed")]
    private partial void LogArtifactDropped(string sourceId, string name, int removed);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Information, Message = "Artifact {Name} of source {SourceId} processed; time per phase (ms): {Phases}")]
    private partial void LogArtifactPhases(string sourceId, string name, SyncPhaseTimings phases);
}
