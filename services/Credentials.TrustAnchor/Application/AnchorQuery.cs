using Credentials.Contracts.Common.V1;

namespace Credentials.TrustAnchor.Application;

/// <summary>Filters and window of a ListTrustAnchors page (filters combine with AND; null = any).</summary>
internal sealed record AnchorQuery(string? Country, CertificateKind? Kind, string? Fingerprint, int Offset, int Limit);
