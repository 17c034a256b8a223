using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Events.V1;
using Credentials.Icao9303;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;
using Credentials.Outbox;
using Credentials.Outbox.Kafka;
using Credentials.Outbox.Postgres;
using Credentials.TrustAnchor.Application;
using Credentials.TrustAnchor.Options;
using Google.Protobuf;
using Microsoft.Extensions.Options;

namespace Credentials.TrustAnchor.Infrastructure;

/// <summary>
/// Feeds the store from events through the inbox (effect and inbox rows in one transaction, so a redelivered event
/// changes nothing): pkd <c>trust.updated</c> (certificates added/removed, CRLs), csca <c>certificate.issued</c> (our
/// own CSCA, link and Document Signer certificates), <c>crl.published</c> and <c>certificate.revoked</c>. Events are
/// applied in batches of what has arrived (<see cref="TrustAnchorOptions.IngestBatchSize"/>): a batch that changes the
/// store bumps its version once; the snapshot provider then reloads and Redis tells the other replicas. Reloading
/// once per event made ingesting a PKD sync quadratic (each reload reads the whole store), and the consumer fell
/// behind the sync.
/// An event is accepted only from the topic of the service that owns its type (<see cref="EventTopics"/>), and every
/// certificate and CRL in it is verified by <see cref="TrustMaterialVerifier"/> exactly as ImportTrustMaterial verifies
/// (the sender's kind is never taken on trust); what fails is logged, counted (<see cref="TrustEventMetrics"/>) and
/// never stored.
/// </summary>
internal sealed partial class TrustEventConsumer : BackgroundService
{
    public const string ConsumerName = "trust-anchor";

    private readonly KafkaInboxConsumer<InboxTransaction> _consumer;
    private readonly TrustSnapshotProvider _snapshots;
    private readonly ITrustMaterialCache _cache;
    private readonly TrustEventMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TrustEventConsumer> _logger;
    private readonly IReadOnlyCollection<string> _topics;
    private readonly InboxBatchLimits _limits;

    // CA certificates this consumer accepted in events the snapshot may not include yet (by the store version their
    // event committed); they vouch for later events (a DSC right after its CSCA). Only touched by the consumer loop.
    private readonly List<(long Version, X509CertificateParts Certificate)> _recentAnchors = [];

    // Certificates and CRLs refused only because their issuer's CSCA is not known yet: events of different keys travel
    // on different partitions, so a crl.published may overtake the certificate.issued of its CSCA. They are verified
    // again whenever an event brings a new CA certificate (bounded; lost on restart, when csca's next CRL heals it).
    private const int MaxParked = 1024;
    private readonly List<(bool IsCrl, ByteString Der, string Source)> _parked = [];

    public TrustEventConsumer(
        KafkaInboxConsumer<InboxTransaction> consumer, TrustSnapshotProvider snapshots, ITrustMaterialCache cache, TrustEventMetrics metrics, IOptions<TrustAnchorOptions> options, TimeProvider timeProvider, ILogger<TrustEventConsumer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _consumer = consumer;
        _snapshots = snapshots;
        _cache = cache;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _topics = options.Value.ConsumedTopics.ToArray();
        // No linger: a batch is what has already arrived, so it grows only when the consumer falls behind.
        _limits = new InboxBatchLimits(options.Value.IngestBatchSize, options.Value.IngestBatchMaxBytes, TimeSpan.Zero);
    }

    /// <summary>
    /// Applies a batch of consumed events, in order, in <paramref name="transaction"/> (which also records them in the
    /// inbox); returns the new store version, or null when nothing changed. The batch shares one store version, so the
    /// snapshot is reloaded once per batch rather than once per event; a CA certificate accepted by an earlier event
    /// of the batch vouches for the later ones exactly as across batches.
    /// </summary>
    private async Task<long?> ApplyBatchAsync(IReadOnlyList<(ConsumedEvent Consumed, EventEnvelope Envelope)> events, InboxTransaction transaction, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var snapshot = await _snapshots.GetAsync(cancellationToken);
        _recentAnchors.RemoveAll(r => r.Version <= snapshot.Version);
        var batch = new BatchState(snapshot, _recentAnchors.Select(r => r.Certificate).ToList(), now);
        var changed = false;
        foreach (var (consumed, envelope) in events)
        {
            changed |= await ApplyAsync(envelope, consumed.Topic, consumed.EventId, transaction, batch, cancellationToken);
        }

        if (!changed)
        {
            return null;
        }

        var version = await TrustStoreRepository.BumpVersionAsync(transaction.Connection, transaction.Transaction, cancellationToken);
        _recentAnchors.AddRange(batch.Accepted.Select(a => (version, a)));
        return version;
    }

    /// <summary>Applies one event from <paramref name="topic"/> of the batch; true when the store changed.</summary>
    private async Task<bool> ApplyAsync(EventEnvelope envelope, string topic, Guid eventId, InboxTransaction transaction, BatchState batch, CancellationToken cancellationToken)
    {
        if (!EventTopics.IsAccepted(envelope.EventType, topic))
        {
            // Only the owning service's topic may carry an event type: a write to another topic changes nothing.
            LogNotFromOwner(eventId, envelope.EventType, topic);
            _metrics.Rejected("event", "TOPIC_NOT_OWNER");
            return false;
        }

        var (connection, tx) = (transaction.Connection, transaction.Transaction);
        var acceptedBefore = batch.Accepted.Count;
        var changed = false;
        switch (envelope.EventType)
        {
            case "trust.updated" when envelope.Payload.TryUnpack<TrustUpdated>(out var updated):
                var source = string.IsNullOrEmpty(updated.SourceId) ? "pkd" : "pkd:" + updated.SourceId;
                // Self-signed CSCAs first, then what they vouch for (link and Document Signer certificates).
                var decoded = updated.AddedCertificates.Select(c => Decode(c, eventId)).OfType<X509CertificateParts>()
                    .OrderBy(c => CertificateSummaries.IsSelfSigned(c) ? 0 : c.IsCertificateAuthority ? 1 : 2).ToList();
                foreach (var certificate in decoded)
                {
                    AddCertificate(batch, certificate, source, eventId);
                }

                // One statement for the event's certificates, written before its removals and CRLs are applied.
                changed |= await FlushCertificatesAsync(transaction, batch, cancellationToken);

                // Dropped from the source's list = unlisted: kept and still used (old DSCs chain to it), never deleted by a list.
                changed |= await TrustStoreRepository.MarkUnlistedAsync(connection, tx, source, updated.RemovedCertificateFingerprints, batch.Now, cancellationToken) > 0;
                foreach (var crl in updated.UpdatedCrls)
                {
                    changed |= await AddCrlAsync(transaction, batch, crl.Der, source, eventId, cancellationToken);
                }

                break;
            case "certificate.issued" when envelope.Payload.TryUnpack<CertificateIssued>(out var issued):
                if (Decode(issued.Certificate, eventId) is { } issuedCertificate)
                {
                    AddCertificate(batch, issuedCertificate, "csca", eventId);
                    changed = await FlushCertificatesAsync(transaction, batch, cancellationToken);
                }

                break;
            case "crl.published" when envelope.Payload.TryUnpack<CrlPublished>(out var published):
                changed = await AddCrlAsync(transaction, batch, published.Crl?.Der ?? ByteString.Empty, "csca", eventId, cancellationToken);
                break;
            case "certificate.revoked" when envelope.Payload.TryUnpack<CertificateRevoked>(out var revoked):
                changed = await TrustStoreRepository.InsertRevocationNoticeAsync(
                    connection, tx, revoked.FingerprintSha256, revoked.SerialNumber, revoked.Issuer, KnownReason(revoked.Reason),
                    revoked.RevokedAt?.ToDateTimeOffset() ?? batch.Now, batch.Now, cancellationToken);
                break;
            default:
                return false;
        }

        if (batch.Accepted.Count > acceptedBefore && _parked.Count > 0)
        {
            changed |= await RetryParkedAsync(transaction, batch, eventId, cancellationToken);
        }

        LogApplied(eventId, envelope.EventType, changed);
        return changed;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _consumer.RunBatchAsync(ConsumerName, _topics, _limits, HandleBatchAsync, stoppingToken);

    private async Task HandleBatchAsync(IReadOnlyList<ConsumedEvent> batch, InboxTransaction transaction, CancellationToken cancellationToken)
    {
        var events = new List<(ConsumedEvent, EventEnvelope)>(batch.Count);
        foreach (var consumed in batch)
        {
            try
            {
                events.Add((consumed, EventEnvelope.Parser.ParseFrom(consumed.Payload.Span)));
            }
            catch (InvalidProtocolBufferException)
            {
                LogUndecodable(consumed.EventId, consumed.Topic);
                _metrics.Rejected("event", "NOT_AN_ENVELOPE");
            }
        }

        if (await ApplyBatchAsync(events, transaction, cancellationToken) is { } version)
        {
            LogBatchApplied(events.Count, version);
            // Committed right after this returns; the provider waits for the commit before it reloads.
            _snapshots.RequestVersion(version);
            await _cache.PublishVersionAsync(version, cancellationToken);
        }
    }

    private X509CertificateParts? Decode(Certificate? certificate, Guid eventId)
    {
        if (certificate is null || certificate.Der.IsEmpty)
        {
            return null;
        }

        try
        {
            return X509CertificateParts.Decode(certificate.Der.ToByteArray());
        }
        catch (Icao9303FormatException)
        {
            LogSkipped("certificate", CertificateSummaries.Fingerprint(certificate.Der.Span), eventId);
            _metrics.Rejected("certificate", "MALFORMED");
            return null;
        }
    }

    /// <summary>Verifies <paramref name="certificate"/> against the snapshot and the batch; what passes waits in the batch for <see cref="FlushCertificatesAsync"/>.</summary>
    private bool AddCertificate(BatchState batch, X509CertificateParts certificate, string source, Guid eventId)
    {
        // The kind is what the certificate is, never what the sender says it is.
        var kind = CertificateSummaries.Classify(certificate);
        TrustMaterialDecision decision;
        switch (kind)
        {
            case CertificateKind.Csca or CertificateKind.Link:
                decision = TrustMaterialVerifier.VerifyCaCertificate(batch.Snapshot, certificate, TrustBasis.SelfSignedFromOwner, batch.Pending);
                break;
            case CertificateKind.DocumentSigner:
                decision = TrustMaterialVerifier.VerifyDocumentSigner(batch.Snapshot, certificate, batch.Pending);
                break;
            case CertificateKind.SealSigner:
                decision = TrustMaterialVerifier.VerifySealSigner(batch.Snapshot, certificate, batch.Pending);
                break;
            default:
                // Master/Deviation List and DTC signer certificates are not trust material for Passive Authentication or seals.
                return false;
        }

        if (!decision.Accepted)
        {
            LogRejectedCertificate(CertificateSummaries.Fingerprint(certificate.Encoded.Span), decision.Reason, decision.Detail, eventId);
            _metrics.Rejected("certificate", decision.Reason);
            if (decision.Reason == TrustMaterialVerifier.IssuerNotFound)
            {
                Park(false, ByteString.CopyFrom(certificate.Encoded.Span), source);
            }

            return false;
        }

        if (decision.Kind is CertificateKind.Csca or CertificateKind.Link)
        {
            batch.Pending.Add(certificate);
            batch.Accepted.Add(certificate);
        }

        var stored = StoredObjects.Certificate(certificate, decision.Kind, source, batch.Now);
        if (batch.Unwritten.TryAdd(stored.Fingerprint, stored))
        {
            batch.UnwrittenOrder.Add(stored);
        }

        return true;
    }

    /// <summary>Writes the certificates verified since the last flush in one statement; true when a row was inserted or listed again.</summary>
    private static async Task<bool> FlushCertificatesAsync(InboxTransaction transaction, BatchState batch, CancellationToken cancellationToken)
    {
        if (batch.UnwrittenOrder.Count == 0)
        {
            return false;
        }

        var written = await TrustStoreRepository.UpsertCertificatesAsync(transaction.Connection, transaction.Transaction, batch.UnwrittenOrder, cancellationToken);
        batch.Unwritten.Clear();
        batch.UnwrittenOrder.Clear();
        return written > 0;
    }

    private async Task<bool> AddCrlAsync(InboxTransaction transaction, BatchState batch, ByteString der, string source, Guid eventId, CancellationToken cancellationToken)
    {
        if (der.IsEmpty)
        {
            return false;
        }

        CertificateRevocationList crl;
        try
        {
            crl = CertificateRevocationList.Decode(der.ToByteArray());
        }
        catch (Icao9303FormatException)
        {
            LogSkipped("crl", CertificateSummaries.Fingerprint(der.Span), eventId);
            _metrics.Rejected("crl", "MALFORMED");
            return false;
        }

        var decision = TrustMaterialVerifier.VerifyCrl(batch.Snapshot, crl, batch.Pending);
        if (!decision.Accepted)
        {
            LogRejectedCrl(CertificateSummaries.Fingerprint(der.Span), decision.Detail, eventId);
            _metrics.Rejected("crl", decision.Reason);
            Park(true, der, source);
            return false;
        }

        return await TrustStoreRepository.InsertCrlAsync(transaction.Connection, transaction.Transaction, StoredObjects.Crl(crl, source), batch.Now, cancellationToken);
    }

    private void Park(bool isCrl, ByteString der, string source)
    {
        if (_parked.Any(p => p.Der.Equals(der)))
        {
            return;
        }

        if (_parked.Count >= MaxParked)
        {
            _parked.RemoveAt(0);
        }

        _parked.Add((isCrl, der, source));
    }

    /// <summary>Verifies the parked objects again now that the batch accepted new CA keys; stores what passes.</summary>
    private async Task<bool> RetryParkedAsync(InboxTransaction transaction, BatchState batch, Guid eventId, CancellationToken cancellationToken)
    {
        var changed = false;
        var parked = _parked.ToList();
        _parked.Clear();
        foreach (var (isCrl, der, source) in parked)
        {
            var stored = isCrl
                ? await AddCrlAsync(transaction, batch, der, source, eventId, cancellationToken)
                : Decode(new Certificate { Der = der }, eventId) is { } certificate
                    && AddCertificate(batch, certificate, source, eventId)
                    && await FlushCertificatesAsync(transaction, batch, cancellationToken);
            if (stored)
            {
                var fingerprint = CertificateSummaries.Fingerprint(der.Span);
                LogParkedAccepted(isCrl ? "CRL" : "certificate", fingerprint, eventId);
            }

            changed |= stored;
        }

        return changed;
    }

    /// <summary>
    /// What one batch has verified so far: the snapshot it started from, the CA certificates that vouch beyond it
    /// (accepted by earlier batches not yet in the snapshot, and by this batch), and the certificates not written yet.
    /// </summary>
    private sealed class BatchState(TrustSnapshot snapshot, List<X509CertificateParts> pending, DateTimeOffset now)
    {
        public TrustSnapshot Snapshot { get; } = snapshot;

        public List<X509CertificateParts> Pending { get; } = pending;

        public List<X509CertificateParts> Accepted { get; } = [];

        public DateTimeOffset Now { get; } = now;

        public Dictionary<string, StoredCertificate> Unwritten { get; } = new(StringComparer.Ordinal);

        public List<StoredCertificate> UnwrittenOrder { get; } = [];
    }

    [LoggerMessage(EventId = 7207, Level = LogLevel.Information, Message = "Parked {What} {Fingerprint} verified and stored after event {EventId} brought its issuer")]
    private partial void LogParkedAccepted(string what, string fingerprint, Guid eventId);

    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Event {EventId} ({EventType}) applied; store changed: {Changed}")]
    private partial void LogApplied(Guid eventId, string eventType, bool changed);

    [LoggerMessage(EventId = 7208, Level = LogLevel.Information, Message = "Batch of {Count} events applied; store version {Version}")]
    private partial void LogBatchApplied(int count, long version);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Warning, Message = "Event {EventId} on {Topic} is not an EventEnvelope; skipped")]
    private partial void LogUndecodable(Guid eventId, string topic);

    [LoggerMessage(EventId = 7203, Level = LogLevel.Warning, Message = "Skipped a malformed {What} {Fingerprint} in event {EventId}")]
    private partial void LogSkipped(string what, string fingerprint, Guid eventId);

    [LoggerMessage(EventId = 7204, Level = LogLevel.Warning, Message = "Event {EventId} ({EventType}) arrived on {Topic}, which does not own that event type; skipped")]
    private partial void LogNotFromOwner(Guid eventId, string eventType, string topic);

    [LoggerMessage(EventId = 7205, Level = LogLevel.Warning, Message = "Certificate {Fingerprint} in event {EventId} rejected ({Reason}): {Detail}")]
    private partial void LogRejectedCertificate(string fingerprint, string reason, string detail, Guid eventId);

    [LoggerMessage(EventId = 7206, Level = LogLevel.Warning, Message = "CRL {Fingerprint} in event {EventId} rejected: {Detail}")]
    private partial void LogRejectedCrl(string fingerprint, string detail, Guid eventId);

    /// <summary>
    /// The reason to record for a notice: one this version does not know (a newer csca) is recorded as unspecified;
    /// the notice still makes the certificate revoked, and the CRL that follows carries the authoritative reason.
    /// </summary>
    private static RevocationReason KnownReason(RevocationReason reason) =>
        Enum.IsDefined(reason) ? reason : RevocationReason.Unspecified;
}
