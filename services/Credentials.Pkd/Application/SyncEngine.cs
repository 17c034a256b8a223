using System.Security.Cryptography;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Pkd.V1;
using Credentials.Pkd.Infrastructure;
using Credentials.Pkd.Options;
using Credentials.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Credentials.Pkd.Application;

/// <summary>
/// Runs one sync of one source: fetch each artifact → store the raw bytes in S3 (content-addressed) → split into
/// units → verify → commit each unit in one transaction (metadata, membership, change log, TrustUpdated events, run
/// counters and the artifact's progress together). An artifact whose content hash was fully processed before is
/// skipped, so a re-sync without change writes no event; a run interrupted at any point leaves only whole units
/// committed, and the next run continues the artifact at the first uncommitted unit (idempotent on fingerprints).
/// Units are verified ahead of the one being committed (at most <see cref="PkdOptions.VerificationWorkers"/> units in
/// flight and as many signature verifications at once), and committed strictly in order; a unit of DSCs/CRLs starts
/// only after every earlier unit that may add CSCA/link certificates (a Master List) is committed, so it sees them.
/// </summary>
internal sealed partial class SyncEngine
{
    private readonly SyncRunRepository _runs;
    private readonly ArtifactRepository _artifacts;
    private readonly CertificateRepository _certificates;
    private readonly UnitCommitter _committer;
    private readonly IUnitOfWork _unitOfWork;
    private readonly SourceFetcher _fetcher;
    private readonly TimeProvider _timeProvider;
    private readonly PkdOptions _options;
    private readonly ILogger<SyncEngine> _logger;

    public SyncEngine(
        SyncRunRepository runs, ArtifactRepository artifacts, CertificateRepository certificates, UnitCommitter committer, IUnitOfWork unitOfWork,
        SourceFetcher fetcher, TimeProvider timeProvider, IOptions<PkdOptions> options, ILogger<SyncEngine> logger)
    {
        _runs = runs;
        _artifacts = artifacts;
        _certificates = certificates;
        _committer = committer;
        _unitOfWork = unitOfWork;
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
        try
        {
            var locators = await _fetcher.ListAsync(source, cancellationToken);
            var lookup = new CachedCaLookup(_certificates);
            foreach (var locator in locators)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await ProcessArtifactAsync(source, run, await FetchAsync(locator, cancellationToken), lookup, cancellationToken);
            }

            var listed = locators.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var name in await _artifacts.ListArtifactNamesAsync(source.Id, cancellationToken))
            {
                if (!listed.Contains(name))
                {
                    var removed = await _unitOfWork.ExecuteAsync([], (context, token) => _committer.DropArtifactAsync(context, source.Id, run.RunId, name, token), cancellationToken);
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
        catch (Exception exception) when (exception is NpgsqlException or StorageException or InvalidOperationException or TimeoutException)
        {
            LogRunFailed(source.Id, run.RunId, exception.GetType().Name);
            await _runs.FinishRunAsync(run.RunId, SyncState.Failed, _timeProvider.GetUtcNow(), "SYNC_FAILED", exception.GetType().Name + ": " + exception.Message, CancellationToken.None);
        }
    }

    private static async Task<FetchedArtifact> FetchAsync(ArtifactLocator locator, CancellationToken cancellationToken)
    {
        try
        {
            return await locator.FetchAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or HttpRequestException or Minio.Exceptions.MinioException)
        {
            throw new SourceFetchException($"Reading artifact '{locator.Name}' failed: {exception.GetType().Name}.", exception);
        }
    }

    private async Task ProcessArtifactAsync(PkdSource source, SyncRunRecord run, FetchedArtifact fetched, CachedCaLookup lookup, CancellationToken cancellationToken)
    {
        // Only the name outlives the preparation: the bytes are dropped once split and stored (memory stays bounded by
        // the units in flight, not the artifact).
        var artifact = new FetchedArtifact(fetched.Name, []);
        var bytes = fetched.Content;
        fetched = null!;
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var existing = await _artifacts.GetArtifactAsync(source.Id, artifact.Name, cancellationToken);
        if (!run.Full && existing is { Completed: true, HasUnverified: false } && existing.ContentSha256 == sha256)
        {
            var unchanged = await _artifacts.CountArtifactCertificatesAsync(source.Id, artifact.Name, sha256, cancellationToken);
            await _unitOfWork.ExecuteAsync<bool>(
                [],
                async (context, token) =>
                {
                    await new SyncRunRepository(PkdSession.Of(context)).AddCountsAsync(run.RunId, new SyncCountsRecord(CertificatesUnchanged: unchanged), token);
                    return true;
                },
                cancellationToken);
            LogArtifactUnchanged(source.Id, artifact.Name);
            return;
        }

        var units = (await ArtifactParser.SplitAsync(source.Options.Type, bytes, _options.LdifEntriesPerTransaction, cancellationToken)).ToArray();
        var content = new ObjectContent(bytes, ContentTypeOf(source.Options.Type));
        bytes = null!;
        var objectKey = content.Key.Value;
        var begun = await _unitOfWork.ExecuteAsync(
            [content],
            (context, token) => new ArtifactRepository(PkdSession.Of(context)).BeginArtifactVersionAsync(source.Id, artifact.Name, sha256, objectKey, units.Length, _timeProvider.GetUtcNow(), token),
            cancellationToken);
        content = null!;
        if (begun.UnitsDone > 0)
        {
            LogArtifactResumed(source.Id, artifact.Name, begun.UnitsDone, units.Length);
        }

        if (units.Length == 0)
        {
            await _unitOfWork.ExecuteAsync(
                [],
                (context, token) => _committer.CommitUnitAsync(context, source.Id, run.RunId, artifact.Name, sha256, objectKey, new ArtifactUnit(), -1, true, token),
                cancellationToken);
            return;
        }

        var workers = _options.EffectiveVerificationWorkers;
        using var gate = new VerificationGate(workers);
        var lints = new CertificateLintCache();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var building = new Queue<Task<ArtifactUnit>>();
        var next = begun.UnitsDone;
        var lastMasterListStarted = -1;
        try
        {
            for (var index = begun.UnitsDone; index < units.Length; index++)
            {
                // Look ahead: start verifying later units while this one is committed. A DSC/CRL unit waits until every
                // earlier Master List unit is committed (its CSCAs are what the DSCs and CRLs verify against).
                while (next < units.Length && building.Count < workers && (units[next] is not UnitSource.Entries || lastMasterListStarted < index))
                {
                    var unitSource = units[next];
                    units[next] = null!; // the unit's payloads are released once it is built and committed
                    if (unitSource is UnitSource.MasterList)
                    {
                        lastMasterListStarted = next;
                    }

                    building.Enqueue(Task.Run(() => ArtifactParser.BuildAsync(unitSource, source.Trust, lookup, gate, lints, stop.Token), stop.Token));
                    next++;
                }

                var unit = await building.Dequeue();
                var unitIndex = index;
                await _unitOfWork.ExecuteAsync(
                    [],
                    (context, token) => _committer.CommitUnitAsync(context, source.Id, run.RunId, artifact.Name, sha256, objectKey, unit, unitIndex, unitIndex == units.Length - 1, token),
                    cancellationToken);
                if (unit.Certificates.Any(c => c.Kind is CertificateKind.Csca or CertificateKind.Link))
                {
                    lookup.Invalidate();
                }

                foreach (var group in unit.RejectionReasons.GroupBy(r => r, StringComparer.Ordinal))
                {
                    var count = group.Count();
                    LogItemsRejected(source.Id, artifact.Name, group.Key, count);
                }
            }
        }
        finally
        {
            // A failed commit leaves verifications in flight: stop them and wait, so none outlives the run.
            await stop.CancelAsync();
            await ((Task)Task.WhenAll(building)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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
}
