namespace Credentials.Ledger.Application;

/// <summary>A stored checkpoint row.</summary>
internal sealed record CheckpointRecord(
    long Sequence,
    byte[] EntryHash,
    DateTimeOffset SignedAt,
    string KeyLabel,
    byte[] Payload,
    byte[] Signature,
    string ObjectKey);
