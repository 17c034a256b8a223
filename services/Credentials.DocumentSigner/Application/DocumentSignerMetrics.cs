using System.Diagnostics.Metrics;

namespace Credentials.DocumentSigner.Application;

/// <summary>
/// Signing instruments on the meter <c>Credentials.DocumentSigner</c> (exported on <c>/metrics</c>):
/// <c>document_signer.sods_signed</c> (EF.SODs committed, by document type), <c>document_signer.signing_group.size</c>
/// (signings per group commit) and <c>document_signer.signing_queue.depth</c> (signings waiting for a group).
/// </summary>
internal sealed class DocumentSignerMetrics
{
    public const string MeterName = "Credentials.DocumentSigner";

    // Owned and disposed by the meter factory.
    private readonly Meter _meter;
    private readonly Counter<long> _signed;
    private readonly Histogram<int> _groupSize;
    private Func<int> _queueDepth = () => 0;

    public DocumentSignerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        var meter = _meter;
        _signed = meter.CreateCounter<long>("document_signer.sods_signed", "{sod}", "EF.SODs signed and committed.");
        _groupSize = meter.CreateHistogram(
            "document_signer.signing_group.size",
            "{signing}",
            "Signings written per group commit (one transaction).",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });
        meter.CreateObservableGauge("document_signer.signing_queue.depth", () => _queueDepth(), "{signing}", "Signings waiting for a group commit.");
    }

    /// <summary>Where the queue depth gauge reads from (the group commit registers itself).</summary>
    public void ObserveQueue(Func<int> depth) => _queueDepth = depth;

    public void GroupCommitted(int size) => _groupSize.Record(size);

    public void Signed(string documentType) => _signed.Add(1, new KeyValuePair<string, object?>("document_type", documentType));
}
