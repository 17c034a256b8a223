using Credentials.Contracts.Events.V1;

namespace Credentials.Ledger.Application;

/// <summary>An event to append: the envelope bytes as received (the canonical bytes) and their parsed form.</summary>
internal sealed record IncomingEvent(
    Guid EventId,
    EventEnvelope Envelope,
    ReadOnlyMemory<byte> CanonicalBytes,
    string SourceTopic,
    int SourcePartition,
    long SourceOffset);
