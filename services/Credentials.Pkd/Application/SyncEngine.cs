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
/// </summary>
internal sealed partial class SyncEngine
{
    private readonly PkdRepository _repository;
    private readonly IUnitOfWork _unitOfWork;
    private readonly SourceFetcher _fetcher;
    private readonly PkdEventWriter _events;
    private readonly TimeProvider _timeProvider;
    private readonly PkdOptions _options;
    private readonly ILogger<SyncEngine> _logger;

    public SyncEngine(
        PkdRepository repository, IUnitOfWork unitOfWork, SourceFetcher fetcher, PkdEventWriter events, TimeProvider timeProvider,
        IOptions<PkdOptions> options, ILogger<SyncEngine> logger)
    {
        _repository = repository;
        _unitOfWork = unitOfWork;
        _fetcher = fetcher;
        _events = events;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Runs <paramref name="run"/> to its end; records SUCCEEDED or FAILED (never throws except on cancellation).</summary>
    public async Task RunAsync(PkdSource source, SyncRunRecord run, CancellationToken cancellationToken)
    {
        await _repository.MarkRunningAsync(run.RunId, _timeProvider.GetUtcNow(), cancellationToken);
        LogRunStarted(source.Id, run.RunId, run.Full);
        try
        {
            var locators = await _fetcher.ListAsync(source, cancellationToken);
            var lookup = new CachedCaLookup(_repository);
            foreach (var locator in locators)
            {
                cancellationToken.ThrowIfCancellationRequested();
                FetchedArtifact artifact;
                try
                {
                    artifact = await locator.FetchAsync(cancellationToken);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or HttpRequestException or Minio.Exceptions.MinioException)
                {
                    throw new SourceFetchException($"Reading artifact '{locator.Name}' failed: {exception.GetType().Name}.", exception);
                }

                await ProcessArtifactAsync(source, run, artifact, lookup, cancellationToken);
            }

            var listed = locators.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var name in await _repository.ListArtifactNamesAsync(source.Id, cancellationToken))
            {
                if (!listed.Contains(name))
                {
                    await _unitOfWork.ExecuteAsync([], (context, token) => DropArtifactAsync(context, source.Id, run.RunId, name, token), cancellationToken);
                }
            }

            await _repository.FinishRunAsync(run.RunId, (int)SyncState.Succeeded, _timeProvider.GetUtcNow(), null, null, CancellationToken.None);
            LogRunFinished(source.Id, run.RunId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _repository.FinishRunAsync(run.RunId, (int)SyncState.Failed, _timeProvider.GetUtcNow(), "CANCELLED", "The service is stopping; a later run resumes.", CancellationToken.None);
            throw;
        }
        catch (SourceFetchException exception)
        {
            LogRunFailed(source.Id, run.RunId, "FETCH_FAILED");
            await _repository.FinishRunAsync(run.RunId, (int)SyncState.Failed, _timeProvider.GetUtcNow(), "FETCH_FAILED", exception.Message, CancellationToken.None);
        }
        catch (Exception exception) when (exception is NpgsqlException or StorageException or InvalidOperationException or TimeoutException)
        {
            LogRunFailed(source.Id, run.RunId, exception.GetType().Name);
            await _repository.FinishRunAsync(run.RunId, (int)SyncState.Failed, _timeProvider.GetUtcNow(), "SYNC_FAILED", exception.GetType().Name + ": " + exception.Message, CancellationToken.None);
        }
    }

    private async Task ProcessArtifactAsync(PkdSource source, SyncRunRecord run, FetchedArtifact artifact, CachedCaLookup lookup, CancellationToken cancellationToken)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(artifact.Content));
        var existing = await _repository.GetArtifactAsync(source.Id, artifact.Name, cancellationToken);
        if (!run.Full && existing is { Completed: true, HasUnverified: false } && existing.ContentSha256 == sha256)
        {
            var unchanged = await _repository.CountArtifactCertificatesAsync(source.Id, artifact.Name, sha256, cancellationToken);
            await _unitOfWork.ExecuteAsync<bool>(
                [],
                async (context, token) =>
                {
                    await PkdRepository.AddCountsAsync(context.Connection, context.Transaction, run.RunId, new SyncCountsRecord(CertificatesUnchanged: unchanged), token);
                    return true;
                },
                cancellationToken);
            LogArtifactUnchanged(source.Id, artifact.Name);
            return;
        }

        var units = await ArtifactParser.SplitAsync(source.Options.Type, artifact.Content, _options.LdifEntriesPerTransaction, cancellationToken);
        var content = new ObjectContent(artifact.Content, ContentTypeOf(source.Options.Type));
        var objectKey = content.Key.Value;
        var begun = await _unitOfWork.ExecuteAsync(
            [content],
            (context, token) => PkdRepository.BeginArtifactVersionAsync(
                context.Connection, context.Transaction, source.Id, artifact.Name, sha256, objectKey, units.Count, _timeProvider.GetUtcNow(), token),
            cancellationToken);
        if (begun.UnitsDone > 0)
        {
            LogArtifactResumed(source.Id, artifact.Name, begun.UnitsDone, units.Count);
        }

        for (var index = begun.UnitsDone; index < units.Count; index++)
        {
            var unit = await ArtifactParser.BuildAsync(units[index], source.Trust, lookup, cancellationToken);
            var unitIndex = index;
            await _unitOfWork.ExecuteAsync(
                [],
                (context, token) => CommitUnitAsync(context, source.Id, run.RunId, artifact.Name, sha256, objectKey, unit, unitIndex, unitIndex == units.Count - 1, token),
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

        if (units.Count == 0)
        {
            await _unitOfWork.ExecuteAsync(
                [],
                (context, token) => CommitUnitAsync(context, source.Id, run.RunId, artifact.Name, sha256, objectKey, new ArtifactUnit(), -1, true, token),
                cancellationToken);
        }
    }

    private async Task<bool> CommitUnitAsync(
        UnitOfWorkContext context, string sourceId, Guid runId, string name, string sha256, string objectKey, ArtifactUnit unit, int index, bool last, CancellationToken cancellationToken)
    {
        var (connection, transaction) = (context.Connection, context.Transaction);
        await PkdRepository.LockWritersAsync(connection, transaction, cancellationToken);
        var now = _timeProvider.GetUtcNow();
        var added = new List<Certificate>();
        var crls = new List<Crl>();
        var removed = new List<string>();
        long unchanged = 0, crlsAdded = 0;

        var states = await PkdRepository.GetCertificateStatesAsync(connection, transaction, unit.Certificates.Select(c => c.Fingerprint).ToList(), cancellationToken);
        var inserts = new List<CertificateItem>();
        var reinstated = new List<string>();
        var announced = new List<CertificateItem>();
        foreach (var item in unit.Certificates)
        {
            if (!states.TryGetValue(item.Fingerprint, out var state))
            {
                inserts.Add(item);
                if (item.Verified)
                {
                    announced.Add(item);
                }
            }
            else if (item.Verified && (!state.Verified || state.Removed))
            {
                reinstated.Add(item.Fingerprint);
                announced.Add(item);
            }
            else
            {
                unchanged++;
            }
        }

        await PkdRepository.InsertCertificatesAsync(connection, transaction, inserts, objectKey, sourceId, now, cancellationToken);
        await PkdRepository.ReinstateCertificatesAsync(connection, transaction, reinstated, now, cancellationToken);
        await PkdRepository.InsertCertificateChangesAsync(
            connection, transaction, (int)ChangeType.Added, now, sourceId, runId, announced.Select(a => (a.Fingerprint, a.Country, (int)a.Kind)).ToList(), cancellationToken);
        var addedCount = (long)announced.Count;
        added.AddRange(announced.Select(a => ContractMapping.Summarize(a.Parts.Encoded, a.Fingerprint, a.Kind, now)));

        await PkdRepository.AddMembershipAsync(
            connection, transaction, sourceId, name, sha256, ItemKind.Certificate, unit.Certificates.Select(c => c.Fingerprint).ToList(), cancellationToken);

        var crlStates = await PkdRepository.GetCrlStatesAsync(connection, transaction, unit.Crls.Select(c => c.Fingerprint).ToList(), cancellationToken);
        foreach (var item in unit.Crls)
        {
            var existed = crlStates.TryGetValue(item.Fingerprint, out var wasVerified);
            if (existed && (wasVerified || !item.Verified))
            {
                continue;
            }

            await PkdRepository.UpsertCrlAsync(connection, transaction, item, objectKey, sourceId, now, cancellationToken);
            crlsAdded += existed ? 0 : 1;
            if (item.Verified)
            {
                var (promoted, replaced) = await PkdRepository.PromoteCrlAsync(connection, transaction, item, cancellationToken);
                if (promoted)
                {
                    crls.Add(ContractMapping.SummarizeCrl(item.Crl.Encoded, item.Fingerprint));
                    await PkdRepository.InsertChangeAsync(
                        connection, transaction, (int)(replaced ? ChangeType.Updated : ChangeType.Added), now, sourceId, runId, ItemKind.Crl, item.Fingerprint, item.Country, 0, cancellationToken);
                }
            }
        }

        await PkdRepository.AddMembershipAsync(connection, transaction, sourceId, name, sha256, ItemKind.Crl, unit.Crls.Select(c => c.Fingerprint).ToList(), cancellationToken);

        if (last)
        {
            await AnnounceRemovalsAsync(
                connection, transaction, await PkdRepository.DropMembershipAsync(connection, transaction, sourceId, name, sha256, now, cancellationToken), sourceId, runId, now, removed, cancellationToken);
        }

        await PkdRepository.AdvanceArtifactAsync(connection, transaction, sourceId, name, index + 1, last, unit.HasUnverified, now, cancellationToken);
        await PkdRepository.AddCountsAsync(
            connection,
            transaction,
            runId,
            new SyncCountsRecord(addedCount, removed.Count, unchanged, crlsAdded, unit.MasterListsProcessed, unit.Rejected, unit.LintFindingCount),
            cancellationToken);
        await _events.WriteTrustUpdatedAsync(connection, transaction, sourceId, runId, added, removed, crls, cancellationToken);
        return true;
    }

    private async Task<bool> DropArtifactAsync(UnitOfWorkContext context, string sourceId, Guid runId, string name, CancellationToken cancellationToken)
    {
        var (connection, transaction) = (context.Connection, context.Transaction);
        await PkdRepository.LockWritersAsync(connection, transaction, cancellationToken);
        var now = _timeProvider.GetUtcNow();
        var removed = new List<string>();
        await AnnounceRemovalsAsync(
            connection, transaction, await PkdRepository.DropMembershipAsync(connection, transaction, sourceId, name, null, now, cancellationToken), sourceId, runId, now, removed, cancellationToken);
        await PkdRepository.AddCountsAsync(connection, transaction, runId, new SyncCountsRecord(CertificatesRemoved: removed.Count), cancellationToken);
        await _events.WriteTrustUpdatedAsync(connection, transaction, sourceId, runId, [], removed, [], cancellationToken);
        LogArtifactDropped(sourceId, name, removed.Count);
        return true;
    }

    private static async Task AnnounceRemovalsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RemovedCertificate> certificates, string sourceId, Guid runId, DateTimeOffset now,
        List<string> removed, CancellationToken cancellationToken)
    {
        // Unverified certificates were never announced, so their removal is not announced either.
        var verified = certificates.Where(c => c.Verified).ToList();
        removed.AddRange(verified.Select(c => c.Fingerprint));
        await PkdRepository.InsertCertificateChangesAsync(
            connection, transaction, (int)ChangeType.Removed, now, sourceId, runId, verified.Select(c => (c.Fingerprint, c.Country, c.Kind)).ToList(), cancellationToken);
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
