using System.Diagnostics;
using Credentials.Contracts.Events.V1;
using Credentials.Outbox;
using Credentials.Outbox.Postgres;

namespace Credentials.Outbox.Tests;

public sealed class EventEnvelopeWriterTests
{
    [Fact]
    public void Envelope_PayloadAndActivity_CarriesEveryFieldAndTheW3cTraceContext()
    {
        using var activity = new Activity("test");
        activity.SetIdFormat(ActivityIdFormat.W3C).Start();
        activity.TraceStateString = "vendor=1";
        var eventId = Guid.NewGuid();
        var occurred = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var payload = new CredentialIssued { CredentialId = "c-1", DocumentType = "P" };

        var envelope = EventEnvelopeWriter.Envelope(eventId, "credential.issued", "c-1", payload, occurred, "document-signer", activity);

        Assert.Equal(eventId.ToString("D"), envelope.EventId);
        Assert.Equal(("credential.issued", "c-1", "document-signer", 1), (envelope.EventType, envelope.AggregateKey, envelope.Producer, envelope.SchemaVersion));
        Assert.Equal(occurred, envelope.OccurredAt.ToDateTimeOffset());
        Assert.Equal(activity.Id, envelope.Traceparent);
        Assert.Equal("vendor=1", envelope.Tracestate);
        Assert.Equal(payload, envelope.Payload.Unpack<CredentialIssued>());
    }

    [Fact]
    public void Envelope_NoActivity_LeavesTraceContextEmpty()
    {
        var envelope = EventEnvelopeWriter.Envelope(Guid.NewGuid(), "dtc.issued", "d-1", new DtcIssued { DtcId = "d-1" }, DateTimeOffset.UnixEpoch, "dtc", activity: null);

        Assert.Equal((string.Empty, string.Empty), (envelope.Traceparent, envelope.Tracestate));
    }

    [Fact]
    public void Constructor_BlankProducerOrTopic_Throws()
    {
        var outbox = new OutboxWriter(Microsoft.Extensions.Options.Options.Create(new OutboxOptions { Schema = "outbox_tests" }), TimeProvider.System);

        Assert.Throws<ArgumentException>(() => new EventEnvelopeWriter(outbox, TimeProvider.System, " ", "topic"));
        Assert.Throws<ArgumentException>(() => new EventEnvelopeWriter(outbox, TimeProvider.System, "csca", string.Empty));
    }
}
