using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Pkd.V1;
using Credentials.Pkd.Application;
using Credentials.Storage;

namespace Credentials.Pkd.Infrastructure;

/// <summary>
/// Writes one verified unit (or the disappearance of an artifact) in the caller's unit of work: new certificates and
/// CRLs, membership, the change log, the TrustUpdated outbox rows, the run's counters and the artifact's progress.
/// Set-based: a fixed number of statements per unit whatever its size (binary COPY for new certificates, unnest for
/// membership and changes, one batch for CRLs), so the store does no per-certificate round trip.
/// </summary>
internal sealed class UnitCommitter
{
    private readonly PkdEventWriter _events;
    private readonly TimeProvider _timeProvider;

    public UnitCommitter(PkdEventWriter events, TimeProvider timeProvider)
    {
        _events = events;
        _timeProvider = timeProvider;
    }

    /// <summary>Commits unit <paramref name="index"/> of an artifact version (-1 with an empty unit for an artifact without units).</summary>
    public async Task<bool> CommitUnitAsync(
        UnitOfWorkContext context, string sourceId, Guid runId, string name, string sha256, string objectKey, ArtifactUnit unit, int index, bool last, CancellationToken cancellationToken)
    {
        var store = new UnitStore(PkdSession.Of(context));
        await store.Changes.LockWritersAsync(cancellationToken);
        var now = _timeProvider.GetUtcNow();
        var removed = new List<string>();
        long unchanged = 0;

        var states = await store.Certificates.GetStatesAsync(unit.Certificates.Select(c => c.Fingerprint).ToList(), cancellationToken);
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

        await store.Certificates.InsertAsync(inserts, objectKey, sourceId, now, cancellationToken);
        await store.Certificates.ReinstateAsync(reinstated, now, cancellationToken);
        await store.Changes.AppendCertificateChangesAsync(
            ChangeType.Added, now, sourceId, runId, announced.Select(a => (a.Fingerprint, a.Country, a.Kind)).ToList(), cancellationToken);
        var added = announced.Select(a => ContractMapping.Summarize(a.Parts.Encoded, a.Fingerprint, a.Kind, now)).ToList();
        await store.Artifacts.AddMembershipAsync(sourceId, name, sha256, ItemKind.Certificate, unit.Certificates.Select(c => c.Fingerprint).ToList(), cancellationToken);

        // A stored CRL changes only when it verifies now and did not before.
        var crlStates = await store.Crls.GetStatesAsync(unit.Crls.Select(c => c.Fingerprint).ToList(), cancellationToken);
        var upserts = unit.Crls.Where(c => !crlStates.TryGetValue(c.Fingerprint, out var wasVerified) || (!wasVerified && c.Verified)).ToList();
        var crlsAdded = upserts.Count(c => !crlStates.ContainsKey(c.Fingerprint));
        await store.Crls.UpsertAsync(upserts, objectKey, sourceId, now, cancellationToken);
        var promoted = await store.Crls.PromoteAsync(upserts.Where(c => c.Verified).ToList(), cancellationToken);
        await store.Changes.AppendCrlChangesAsync(
            now, sourceId, runId, promoted.Select(p => (p.Replaced ? ChangeType.Updated : ChangeType.Added, p.Item.Fingerprint, p.Item.Country)).ToList(), cancellationToken);
        var crls = promoted.Select(p => ContractMapping.SummarizeCrl(p.Item.Crl.Encoded, p.Item.Fingerprint)).ToList();
        await store.Artifacts.AddMembershipAsync(sourceId, name, sha256, ItemKind.Crl, unit.Crls.Select(c => c.Fingerprint).ToList(), cancellationToken);

        if (last)
        {
            await AnnounceRemovalsAsync(store, await store.Artifacts.DropMembershipAsync(sourceId, name, sha256, now, cancellationToken), sourceId, runId, now, removed, cancellationToken);
        }

        await store.Artifacts.AdvanceArtifactAsync(sourceId, name, index + 1, last, unit.HasUnverified, now, cancellationToken);
        await store.Runs.AddCountsAsync(
            runId,
            new SyncCountsRecord(announced.Count, removed.Count, unchanged, crlsAdded, unit.MasterListsProcessed, unit.Rejected, unit.LintFindingCount),
            cancellationToken);
        await _events.WriteTrustUpdatedAsync(context.Connection, context.Transaction, sourceId, runId, added, removed, crls, cancellationToken);
        return true;
    }

    /// <summary>Drops every version of an artifact that vanished from its source; returns the certificates removed.</summary>
    public async Task<int> DropArtifactAsync(UnitOfWorkContext context, string sourceId, Guid runId, string name, CancellationToken cancellationToken)
    {
        var store = new UnitStore(PkdSession.Of(context));
        await store.Changes.LockWritersAsync(cancellationToken);
        var now = _timeProvider.GetUtcNow();
        var removed = new List<string>();
        await AnnounceRemovalsAsync(store, await store.Artifacts.DropMembershipAsync(sourceId, name, null, now, cancellationToken), sourceId, runId, now, removed, cancellationToken);
        await store.Runs.AddCountsAsync(runId, new SyncCountsRecord(CertificatesRemoved: removed.Count), cancellationToken);
        await _events.WriteTrustUpdatedAsync(context.Connection, context.Transaction, sourceId, runId, [], removed, [], cancellationToken);
        return removed.Count;
    }

    private static async Task AnnounceRemovalsAsync(
        UnitStore store, IReadOnlyList<RemovedCertificate> certificates, string sourceId, Guid runId, DateTimeOffset now, List<string> removed,
        CancellationToken cancellationToken)
    {
        // Unverified certificates were never announced, so their removal is not announced either.
        var verified = certificates.Where(c => c.Verified).ToList();
        removed.AddRange(verified.Select(c => c.Fingerprint));
        await store.Changes.AppendCertificateChangesAsync(
            ChangeType.Removed, now, sourceId, runId, verified.Select(c => (c.Fingerprint, c.Country, c.Kind)).ToList(), cancellationToken);
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
