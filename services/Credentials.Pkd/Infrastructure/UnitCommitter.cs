using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Pkd.V1;
using Credentials.Pkd.Application;
using Credentials.Storage;
using Credentials.Storage.Postgres;

namespace Credentials.Pkd.Infrastructure;

/// <summary>
/// <see cref="ISyncWriter"/> over the service's unit of work: each call is one transaction holding the writers' lock
/// (ordered change sequence). A batch of verified units writes new certificates and CRLs, membership, the change log,
/// the TrustUpdated outbox rows, the run's counters and the artifact's progress together. Set-based: a fixed number of
/// statements per unit whatever its size (binary COPY for new certificates, unnest for membership and changes, one
/// batch for CRLs), and the lock, counters, progress, events and commit once per batch, so the store does no
/// per-certificate round trip and a re-verification of many small units (Master Lists) pays few commits.
/// </summary>
internal sealed class UnitCommitter : ISyncWriter
{
    private readonly IUnitOfWork _unitOfWork;
    private readonly IObjectStore _objects;
    private readonly PkdEventWriter _events;
    private readonly TimeProvider _timeProvider;

    public UnitCommitter(IUnitOfWork unitOfWork, IObjectStore objects, PkdEventWriter events, TimeProvider timeProvider)
    {
        _unitOfWork = unitOfWork;
        _objects = objects;
        _events = events;
        _timeProvider = timeProvider;
    }

    public Task RecordUnchangedArtifactAsync(Guid runId, long certificatesUnchanged, CancellationToken cancellationToken) =>
        _unitOfWork.ExecuteAsync<bool>(
            [],
            async (context, token) =>
            {
                await new SyncRunRepository(PkdSession.Of(context)).AddCountsAsync(runId, new SyncCountsRecord(CertificatesUnchanged: certificatesUnchanged), token);
                return true;
            },
            cancellationToken);

    public async Task<string> StoreArtifactAsync(ObjectContent content, CancellationToken cancellationToken) =>
        (await _objects.PutAsync(content, cancellationToken)).Key.Value;

    public Task<ArtifactRecord> BeginArtifactVersionAsync(ArtifactVersion version, int unitsTotal, CancellationToken cancellationToken) =>
        _unitOfWork.ExecuteAsync(
            [],
            (context, token) => new ArtifactRepository(PkdSession.Of(context)).BeginArtifactVersionAsync(
                version.SourceId, version.Name, version.ContentSha256, version.ObjectKey, unitsTotal, _timeProvider.GetUtcNow(), token),
            cancellationToken);

    public Task<bool> CommitUnitsAsync(
        ArtifactVersion version, Guid runId, int firstIndex, IReadOnlyList<ArtifactUnit> units, bool last, SyncPhaseTimings timings,
        CancellationToken cancellationToken) =>
        _unitOfWork.ExecuteAsync([], (context, token) => CommitAsync(context, version, runId, firstIndex, units, last, timings, token), cancellationToken);

    public Task<int> DropArtifactAsync(string sourceId, Guid runId, string name, CancellationToken cancellationToken) =>
        _unitOfWork.ExecuteAsync(
            [],
            async (context, token) =>
            {
                var store = new UnitStore(PkdSession.Of(context));
                await store.Changes.LockWritersAsync(token);
                var now = _timeProvider.GetUtcNow();
                var delta = new Delta();
                await AnnounceRemovalsAsync(store, await store.Artifacts.DropMembershipAsync(sourceId, name, null, now, token), sourceId, runId, now, delta, token);
                await store.Runs.AddCountsAsync(runId, new SyncCountsRecord(CertificatesRemoved: delta.Removed.Count), token);
                await _events.WriteTrustUpdatedAsync(context.Connection, context.Transaction, sourceId, runId, [], delta.Removed, [], token);
                return delta.Removed.Count;
            },
            cancellationToken);

    private async Task<bool> CommitAsync(
        UnitOfWorkContext context, ArtifactVersion version, Guid runId, int firstIndex, IReadOnlyList<ArtifactUnit> units, bool last, SyncPhaseTimings timings,
        CancellationToken cancellationToken)
    {
        var store = new UnitStore(PkdSession.Of(context));
        await store.Changes.LockWritersAsync(cancellationToken);
        var now = _timeProvider.GetUtcNow();
        var delta = new Delta();

        // Units in order, each seeing what the earlier ones of the batch wrote (same transaction): the outcome is the
        // one of committing them one by one.
        foreach (var unit in units)
        {
            await WriteUnitAsync(store, version, runId, unit, now, delta, timings, cancellationToken);
        }

        if (last)
        {
            await AnnounceRemovalsAsync(
                store, await store.Artifacts.DropMembershipAsync(version.SourceId, version.Name, version.ContentSha256, now, cancellationToken),
                version.SourceId, runId, now, delta, cancellationToken);
        }

        await store.Artifacts.AdvanceArtifactAsync(
            version.SourceId, version.Name, firstIndex + units.Count, last, units.Any(u => u.HasUnverified), now, cancellationToken);
        await store.Runs.AddCountsAsync(
            runId,
            new SyncCountsRecord(
                delta.Added.Count, delta.Removed.Count, delta.Unchanged, delta.CrlsAdded, units.Sum(u => u.MasterListsProcessed), units.Sum(u => u.Rejected),
                units.Sum(u => u.LintFindingCount)),
            cancellationToken);
        var eventsStarted = SyncPhaseTimings.Start();
        await _events.WriteTrustUpdatedAsync(context.Connection, context.Transaction, version.SourceId, runId, delta.Added, delta.Removed, delta.Crls, cancellationToken);
        timings.Add(SyncPhase.CommitEvents, eventsStarted);
        return delta.AuthoritiesChanged;
    }

    private static async Task WriteUnitAsync(
        UnitStore store, ArtifactVersion version, Guid runId, ArtifactUnit unit, DateTimeOffset now, Delta delta, SyncPhaseTimings timings,
        CancellationToken cancellationToken)
    {
        delta.Unchanged += unit.Repeated;
        var started = SyncPhaseTimings.Start();
        var states = await store.Certificates.GetStatesAsync(unit.Certificates.Select(c => c.Fingerprint).ToList(), cancellationToken);
        timings.Add(SyncPhase.CommitLookup, started);
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
                delta.Unchanged++;
            }
        }

        started = SyncPhaseTimings.Start();
        await store.Certificates.InsertAsync(inserts, version.ObjectKey, version.SourceId, now, cancellationToken);
        await store.Certificates.ReinstateAsync(reinstated, now, cancellationToken);
        timings.Add(SyncPhase.CommitCertificates, started);
        started = SyncPhaseTimings.Start();
        await store.Changes.AppendCertificateChangesAsync(
            ChangeType.Added, now, version.SourceId, runId, announced.Select(a => (a.Fingerprint, a.Country, a.Kind)).ToList(), cancellationToken);
        timings.Add(SyncPhase.CommitChangeLog, started);
        delta.Added.AddRange(announced.Select(a => ContractMapping.Summarize(a.Parts.Encoded, a.Fingerprint, a.Kind, now)));
        delta.AuthoritiesChanged |= announced.Any(a => a.Kind is CertificateKind.Csca or CertificateKind.Link);
        started = SyncPhaseTimings.Start();
        await store.Artifacts.AddMembershipAsync(
            version.SourceId, version.Name, version.ContentSha256, ItemKind.Certificate, unit.Certificates.Select(c => c.Fingerprint).ToList(), cancellationToken);
        timings.Add(SyncPhase.CommitMembership, started);

        // A stored CRL changes only when it verifies now and did not before.
        started = SyncPhaseTimings.Start();
        var crlStates = await store.Crls.GetStatesAsync(unit.Crls.Select(c => c.Fingerprint).ToList(), cancellationToken);
        timings.Add(SyncPhase.CommitLookup, started);
        var upserts = unit.Crls.Where(c => !crlStates.TryGetValue(c.Fingerprint, out var wasVerified) || (!wasVerified && c.Verified)).ToList();
        delta.CrlsAdded += upserts.Count(c => !crlStates.ContainsKey(c.Fingerprint));
        started = SyncPhaseTimings.Start();
        await store.Crls.UpsertAsync(upserts, version.ObjectKey, version.SourceId, now, cancellationToken);
        var promoted = await store.Crls.PromoteAsync(upserts.Where(c => c.Verified).ToList(), cancellationToken);
        timings.Add(SyncPhase.CommitCrls, started);
        started = SyncPhaseTimings.Start();
        await store.Changes.AppendCrlChangesAsync(
            now, version.SourceId, runId, promoted.Select(p => (p.Replaced ? ChangeType.Updated : ChangeType.Added, p.Item.Fingerprint, p.Item.Country)).ToList(),
            cancellationToken);
        timings.Add(SyncPhase.CommitChangeLog, started);
        delta.Crls.AddRange(promoted.Select(p => ContractMapping.SummarizeCrl(p.Item.Crl.Encoded, p.Item.Fingerprint)));
        started = SyncPhaseTimings.Start();
        await store.Artifacts.AddMembershipAsync(
            version.SourceId, version.Name, version.ContentSha256, ItemKind.Crl, unit.Crls.Select(c => c.Fingerprint).ToList(), cancellationToken);
        timings.Add(SyncPhase.CommitMembership, started);
    }

    private static async Task AnnounceRemovalsAsync(
        UnitStore store, IReadOnlyList<RemovedCertificate> certificates, string sourceId, Guid runId, DateTimeOffset now, Delta delta,
        CancellationToken cancellationToken)
    {
        // Unverified certificates were never announced, so their removal is not announced either.
        var verified = certificates.Where(c => c.Verified).ToList();
        delta.Removed.AddRange(verified.Select(c => c.Fingerprint));
        await store.Changes.AppendCertificateChangesAsync(
            ChangeType.Removed, now, sourceId, runId, verified.Select(c => (c.Fingerprint, c.Country, c.Kind)).ToList(), cancellationToken);
    }

    /// <summary>What one transaction changed: the content of its TrustUpdated events and of the run's counters.</summary>
    private sealed class Delta
    {
        public List<Certificate> Added { get; } = [];

        public List<string> Removed { get; } = [];

        public List<Crl> Crls { get; } = [];

        public long Unchanged { get; set; }

        public long CrlsAdded { get; set; }

        public bool AuthoritiesChanged { get; set; }
    }

    /// <summary>The repositories of one unit of work: all join its connection and transaction.</summary>
    private sealed class UnitStore(PkdSession session)
    {
        public SyncRunRepository Runs { get; } = new(session);

        public ArtifactRepository Artifacts { get; } = new(session);

        public CertificateRepository Certificates { get; } = new(session);

        public CrlRepository Crls { get; } = new(session);

        public ChangeFeedRepository Changes { get; } = new(session);
    }
}
