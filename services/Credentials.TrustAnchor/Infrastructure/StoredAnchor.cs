namespace Credentials.TrustAnchor.Infrastructure;

/// <summary>A trust anchor row with the DER of its issuer's current CRL (null when none) and when its pkd source stopped listing it (null while listed).</summary>
internal sealed record StoredAnchor(byte[] Der, int Kind, string Source, DateTimeOffset AddedAt, byte[]? CrlDer, DateTimeOffset? UnlistedAt = null);
