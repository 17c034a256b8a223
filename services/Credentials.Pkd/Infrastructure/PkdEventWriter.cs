using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Events.V1;
using Credentials.Outbox;
using Credentials.Outbox.Postgres;
using Credentials.Pkd.Options;
using Google.Protobuf;
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

    private readonly EventEnvelopeWriter _writer;
    private readonly int _maxBytes;

    public PkdEventWriter(OutboxWriter outbox, IOptions<PkdOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _writer = new EventEnvelopeWriter(outbox, timeProvider, "pkd", options.Value.EventsTopic);
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
            await _writer.WriteAsync(connection, transaction, TrustUpdatedType, sourceId, batch, cancellationToken);
        }

        return batches.Count;
    }
}
