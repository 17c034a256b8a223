using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Events.V1;
using Credentials.Icao9303;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;
using Credentials.Outbox;
using Credentials.Outbox.Kafka;
using Credentials.TrustAnchor.Application;
using Credentials.TrustAnchor.Options;
using Google.Protobuf;
using Microsoft.Extensions.Options;

namespace Credentials.TrustAnchor.Infrastructure;

/// <summary>
/// Feeds the store from events through the inbox (effect and inbox row in one transaction, so a redelivered event
/// changes nothing): pkd <c>trust.updated</c> (certificates added/removed, CRLs), csca <c>certificate.issued</c> (our
/// own CSCA, link and Document Signer certificates), <c>crl.published</c> and <c>certificate.revoked</c>. Every event
/// that changes the store bumps its version; the snapshot provider then reloads and Redis tells the other replicas.
/// Objects that do not decode are skipped and logged (by fingerprint), never stored.
/// </summary>
internal sealed partial class TrustEventConsumer : BackgroundService
{
    public const string ConsumerName = "trust-anchor";

    private readonly KafkaInboxConsumer _consumer;
    private readonly TrustSnapshotProvider _snapshots;
    private readonly ITrustMaterialCache _cache;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TrustEventConsumer> _logger;
    private readonly IReadOnlyCollection<string> _topics;

    public TrustEventConsumer(
        KafkaInboxConsumer consumer, TrustSnapshotProvider snapshots, ITrustMaterialCache cache, IOptions<TrustAnchorOptions> options, TimeProvider timeProvider, ILogger<TrustEventConsumer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _consumer = consumer;
        _snapshots = snapshots;
        _cache = cache;
        _timeProvider = timeProvider;
        _logger = logger;
        _topics = options.Value.ConsumedTopics.ToArray();
    }

    /// <summary>Applies one event in <paramref name="transaction"/>; returns the new store version, or null when nothing changed.</summary>
    public static async Task<long?> ApplyAsync(EventEnvelope envelope, InboxTransaction transaction, DateTimeOffset now, Action<string, string> onSkipped, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(onSkipped);
        var (connection, tx) = (transaction.Connection, transaction.Transaction);
        var changed = false;
        switch (envelope.EventType)
        {
            case "trust.updated" when envelope.Payload.TryUnpack<TrustUpdated>(out var updated):
                var source = string.IsNullOrEmpty(updated.SourceId) ? "pkd" : "pkd:" + updated.SourceId;
                foreach (var certificate in updated.AddedCertificates)
                {
                    changed |= await AddCertificateAsync(transaction, certificate, source, now, onSkipped, cancellationToken);
                }

                changed |= await TrustStoreRepository.MarkRemovedAsync(connection, tx, updated.RemovedCertificateFingerprints, now, cancellationToken) > 0;
                foreach (var crl in updated.UpdatedCrls)
                {
                    changed |= await AddCrlAsync(transaction, crl.Der, source, now, onSkipped, cancellationToken);
                }

                break;
            case "certificate.issued" when envelope.Payload.TryUnpack<CertificateIssued>(out var issued):
                changed = await AddCertificateAsync(transaction, issued.Certificate, "csca", now, onSkipped, cancellationToken);
                break;
            case "crl.published" when envelope.Payload.TryUnpack<CrlPublished>(out var published):
                changed = await AddCrlAsync(transaction, published.Crl?.Der ?? ByteString.Empty, "csca", now, onSkipped, cancellationToken);
                break;
            case "certificate.revoked" when envelope.Payload.TryUnpack<CertificateRevoked>(out var revoked):
                changed = await TrustStoreRepository.InsertRevocationNoticeAsync(
                    connection, tx, revoked.FingerprintSha256, revoked.SerialNumber, revoked.Issuer, (int)revoked.Reason,
                    revoked.RevokedAt?.ToDateTimeOffset() ?? now, now, cancellationToken);
                break;
            default:
                return null;
        }

        return changed ? await TrustStoreRepository.BumpVersionAsync(connection, tx, cancellationToken) : null;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _consumer.RunAsync(ConsumerName, _topics, HandleAsync, stoppingToken);

    private async Task HandleAsync(ConsumedEvent consumed, InboxTransaction transaction, CancellationToken cancellationToken)
    {
        EventEnvelope envelope;
        try
        {
            envelope = EventEnvelope.Parser.ParseFrom(consumed.Payload.Span);
        }
        catch (InvalidProtocolBufferException)
        {
            LogUndecodable(consumed.EventId, consumed.Topic);
            return;
        }

        var version = await ApplyAsync(envelope, transaction, _timeProvider.GetUtcNow(), (what, id) => LogSkipped(what, id, consumed.EventId), cancellationToken);
        LogApplied(consumed.EventId, envelope.EventType, version ?? 0);
        if (version is { } v)
        {
            // Committed right after this returns; the provider waits for the commit before it reloads.
            _snapshots.RequestVersion(v);
            await _cache.PublishVersionAsync(v, cancellationToken);
        }
    }

    private static async Task<bool> AddCertificateAsync(InboxTransaction transaction, Certificate? certificate, string source, DateTimeOffset now, Action<string, string> onSkipped, CancellationToken cancellationToken)
    {
        if (certificate is null || certificate.Der.IsEmpty)
        {
            return false;
        }

        X509CertificateParts parts;
        try
        {
            parts = X509CertificateParts.Decode(certificate.Der.ToByteArray());
        }
        catch (Icao9303FormatException)
        {
            onSkipped("certificate", CertificateSummaries.Fingerprint(certificate.Der.Span));
            return false;
        }

        var kind = certificate.Kind is CertificateKind.Csca or CertificateKind.Link or CertificateKind.DocumentSigner
            ? certificate.Kind
            : CertificateSummaries.Classify(parts);
        if (kind is not (CertificateKind.Csca or CertificateKind.Link or CertificateKind.DocumentSigner))
        {
            // Master/Deviation List and DTC signer certificates are not trust material for Passive Authentication.
            return false;
        }

        return await TrustStoreRepository.UpsertCertificateAsync(transaction.Connection, transaction.Transaction, StoredObjects.Certificate(parts, kind, source, now), cancellationToken);
    }

    private static async Task<bool> AddCrlAsync(InboxTransaction transaction, ByteString der, string source, DateTimeOffset now, Action<string, string> onSkipped, CancellationToken cancellationToken)
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
            onSkipped("crl", CertificateSummaries.Fingerprint(der.Span));
            return false;
        }

        return await TrustStoreRepository.InsertCrlAsync(transaction.Connection, transaction.Transaction, StoredObjects.Crl(crl, source), now, cancellationToken);
    }

    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Event {EventId} ({EventType}) applied; store version {Version} (0 = unchanged)")]
    private partial void LogApplied(Guid eventId, string eventType, long version);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Warning, Message = "Event {EventId} on {Topic} is not an EventEnvelope; skipped")]
    private partial void LogUndecodable(Guid eventId, string topic);

    [LoggerMessage(EventId = 7203, Level = LogLevel.Warning, Message = "Skipped a malformed {What} {Fingerprint} in event {EventId}")]
    private partial void LogSkipped(string what, string fingerprint, Guid eventId);
}
