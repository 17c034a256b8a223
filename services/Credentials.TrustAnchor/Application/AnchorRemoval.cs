namespace Credentials.TrustAnchor.Application;

/// <summary>A committed RemoveTrustAnchor: the removed certificate's source and the store version it raised.</summary>
internal sealed record AnchorRemoval(string Source, long Version);
