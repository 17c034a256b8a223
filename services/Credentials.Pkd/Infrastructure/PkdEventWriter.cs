using System.Diagnostics;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Events.V1;
using Credentials.Outbox;
using Credentials.Pkd.Options;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Credentials.Pkd.Infrastructure;

/// <summary>
/// Writes <c>trust.updated</c> events (TrustUpdated in an <see cref="EventEnvelope"/>, aggregate key = source_id) into
/// the outbox in the caller's transaction. The delta of one transaction is split into batches whose DER stays below
/// <see cref="PkdOptions.MaxEventPayloadBytes"/>; batch_index/batch_count number the batches of that transaction.
/// </summary>
internal sealed class PkdEventWriter
{
    public const string TrustUpdatedType = "trust.updated";

    private readonly OutboxWriter _outbox;
    private readonly TimeProvider _timeProvider;
    private readonly string _topic;
    private readonly int _maxBytes;

    public PkdEventWriter(OutboxWriter outbox, IOptions<PkdOptions> options, TimeProvider timeProvider)
    {
        _outbox = outbox;
        _timeProvider = timeProvider;
        _topic = options.Value.EventsTopic;
        _maxBytes = options.Value.MaxEventPayloadBytes;
    }

    /// <summary>Splits a delta into TrustUpdated batches (pure; exposed for tests).</summary>
    public static IReadOnlyList<TrustUpdated> Batch(
        string sourceId, string runId, IReadOnlyList<Certificate> added, IReadOnlyList<string> removed, IReadOnlyList<Crl> crls, int maxBytes)
    {
        var batches = new List<TrustUpdated>();
        var current = new TrustUpdated { SourceId = sourceId, SyncRunId = runId };
        var size = 0;
        void Next()
        {
            batches.Add(current);
            current = new TrustUpdated { SourceId = sourceId, SyncRunId = runId };
            size = 0;
        }

        foreach (var certificate in added)
        {
            var length = certificate.CalculateSize();
            if (size > 0 && size + length > maxBytes)
            {
                Next();
            }

            current.AddedCertificates.Add(certificate);
            size += length;
        }

        foreach (var crl in crls)
        {
            var length = crl.CalculateSize();
            if (size > 0 && size + length > maxBytes)
            {
                Next();
            }

            current.UpdatedCrls.Add(crl);
            size += length;
        }

        foreach (var fingerprint in removed)
        {
            if (size > 0 && size + 70 > maxBytes)
            {
                Next();
            }

            current.RemovedCertificateFingerprints.Add(fingerprint);
            size += 70;
        }

        if (size > 0)
        {
            batches.Add(current);
        }

        for (var i = 0; i < batches.Count; i++)
        {
            batches[i].BatchIndex = i;
            batches[i].BatchCount = batches.Count;
        }

        return batches;
    }

    /// <summary>Writes the delta (nothing when it is empty) and returns the number of events written.</summary>
    public async Task<int> WriteTrustUpdatedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sourceId, Guid runId,
        IReadOnlyList<Certificate> added, IReadOnlyList<string> removed, IReadOnlyList<Crl> crls, CancellationToken cancellationToken)
    {
        var batches = Batch(sourceId, runId.ToString("D"), added, removed, crls, _maxBytes);
        foreach (var batch in batches)
        {
            var eventId = Guid.NewGuid();
            var activity = Activity.Current;
            var envelope = new EventEnvelope
            {
                EventId = eventId.ToString("D"),
                EventType = TrustUpdatedType,
                AggregateKey = sourceId,
                OccurredAt = Timestamp.FromDateTimeOffset(_timeProvider.GetUtcNow()),
                Producer = "pkd",
                Traceparent = activity?.IdFormat == ActivityIdFormat.W3C ? activity.Id ?? string.Empty : string.Empty,
                Tracestate = activity?.TraceStateString ?? string.Empty,
                SchemaVersion = 1,
                Payload = Any.Pack(batch),
            };
            await _outbox.EnqueueAsync(
                connection,
                transaction,
                new OutboxMessage
                {
                    EventId = eventId,
                    EventType = TrustUpdatedType,
                    Topic = _topic,
                    AggregateKey = sourceId,
                    Payload = envelope.ToByteArray(),
                },
                cancellationToken);
        }

        return batches.Count;
    }
}
