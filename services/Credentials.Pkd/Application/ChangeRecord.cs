using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Pkd.V1;

namespace Credentials.Pkd.Application;

/// <summary>A row of <c>changes</c> (the delta log behind WatchUpdates).</summary>
internal sealed record ChangeRecord(
    long Sequence, ChangeType ChangeType, DateTimeOffset ChangedAt, string SourceId, int ItemKind, string Fingerprint, string Country, CertificateKind CertificateKind);
