namespace Credentials.Pkd.Infrastructure;

/// <summary>A row of <c>changes</c> (the delta log behind WatchUpdates).</summary>
internal sealed record ChangeRecord(
    long Sequence, int ChangeType, DateTimeOffset ChangedAt, string SourceId, int ItemKind, string Fingerprint, string Country, int CertificateKind);
