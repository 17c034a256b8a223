using System.Diagnostics.Metrics;

namespace Credentials.TrustAnchor.Infrastructure;

/// <summary>
/// Instruments of the event feed on the meter <c>Credentials.TrustAnchor</c>: <c>trust_anchor.events.rejected</c>
/// counts certificates, CRLs and whole events refused by <see cref="TrustEventConsumer"/>, tagged with what was
/// refused (<c>certificate</c>, <c>crl</c>, <c>event</c>) and the reason (e.g. <c>ISSUER_NOT_FOUND</c>,
/// <c>TOPIC_NOT_OWNER</c>). Exported on /metrics like every <c>Credentials.*</c> meter.
/// </summary>
internal sealed class TrustEventMetrics
{
    public const string MeterName = "Credentials.TrustAnchor";

    // Owned and disposed by the meter factory.
    private readonly Meter _meter;
    private readonly Counter<long> _rejected;

    public TrustEventMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _rejected = _meter.CreateCounter<long>("trust_anchor.events.rejected", "{object}", "Certificates, CRLs and events from the event feed that failed verification and were not stored.");
    }

    public void Rejected(string what, string reason) =>
        _rejected.Add(1, new KeyValuePair<string, object?>("what", what), new KeyValuePair<string, object?>("reason", reason));
}
