using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Events.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Credentials.Contracts.Tests;

public sealed class EventContractTests
{
    public static TheoryData<string> EventMessages() => new()
    {
        "CertificateIssued",
        "CertificateRevoked",
        "CrlPublished",
        "CredentialIssued",
        "CredentialRevoked",
        "DtcIssued",
        "DtcRevoked",
        "TrustUpdated",
        "SealIssued",
    };

    [Theory]
    [MemberData(nameof(EventMessages))]
    public void EventMessage_RequiredByIssue_Exists(string name)
    {
        Assert.NotNull(ContractDescriptors.FindMessage("credentials.events.v1." + name));
    }

    [Fact]
    public void EventEnvelope_Fields_CarryIdentityOrderingAndTraceContext()
    {
        var envelope = EventEnvelope.Descriptor;

        Assert.Equal(FieldType.String, envelope.FindFieldByName("event_id").FieldType);
        Assert.Equal(FieldType.String, envelope.FindFieldByName("event_type").FieldType);
        Assert.Equal(FieldType.String, envelope.FindFieldByName("aggregate_key").FieldType);
        Assert.Equal("google.protobuf.Timestamp", envelope.FindFieldByName("occurred_at").MessageType.FullName);
        Assert.Equal(FieldType.String, envelope.FindFieldByName("producer").FieldType);
        Assert.Equal(FieldType.String, envelope.FindFieldByName("traceparent").FieldType);
        Assert.Equal(FieldType.String, envelope.FindFieldByName("tracestate").FieldType);
        Assert.Equal(FieldType.Int32, envelope.FindFieldByName("schema_version").FieldType);
        Assert.Equal("google.protobuf.Any", envelope.FindFieldByName("payload").MessageType.FullName);
    }

    [Fact]
    public void CredentialIssued_DocumentNumber_OnlyAsHash()
    {
        var fields = CredentialIssued.Descriptor.Fields.InDeclarationOrder().Select(f => f.Name).ToList();

        Assert.Contains("document_number_hash", fields);
        Assert.Equal(FieldType.Bytes, CredentialIssued.Descriptor.FindFieldByName("document_number_hash").FieldType);
        Assert.DoesNotContain("document_number", fields);
    }

    [Fact]
    public void EventEnvelope_PackedPayload_RoundTripsAndUnpacks()
    {
        var issued = new CertificateIssued
        {
            CscaId = "passport",
            RequestId = "req-1",
            Certificate = new Certificate
            {
                Der = ByteString.CopyFrom(0x30, 0x03, 0x02, 0x01, 0x01),
                FingerprintSha256 = new string('a', 64),
                Kind = CertificateKind.DocumentSigner,
                NotAfter = Timestamp.FromDateTimeOffset(new DateTimeOffset(2035, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            },
        };
        var envelope = new EventEnvelope
        {
            EventId = "0b8f5a8e-8f43-4f4e-9c1e-3d2f6a1b7c90",
            EventType = "certificate.issued",
            AggregateKey = issued.Certificate.FingerprintSha256,
            OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 11, 23, 10, 0, 0, TimeSpan.Zero)),
            Producer = "csca",
            Traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            SchemaVersion = 1,
            Payload = Any.Pack(issued),
        };

        var parsed = EventEnvelope.Parser.ParseFrom(envelope.ToByteArray());

        Assert.Equal(envelope, parsed);
        Assert.Equal("type.googleapis.com/credentials.events.v1.CertificateIssued", parsed.Payload.TypeUrl);
        Assert.True(parsed.Payload.TryUnpack<CertificateIssued>(out var unpacked));
        Assert.Equal(issued, unpacked);
        Assert.False(parsed.Payload.Is(CertificateRevoked.Descriptor));
    }
}
