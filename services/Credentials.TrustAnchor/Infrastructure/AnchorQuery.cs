namespace Credentials.TrustAnchor.Infrastructure;

/// <summary>Filters and window of a ListTrustAnchors page (filters combine with AND; null = any).</summary>
internal sealed record AnchorQuery(string? Country, int? Kind, string? Fingerprint, int Offset, int Limit);
