namespace Credentials.TrustAnchor.Infrastructure;

/// <summary>A trust anchor row with the DER of its issuer's current CRL (null when none).</summary>
internal sealed record StoredAnchor(byte[] Der, int Kind, string Source, DateTimeOffset AddedAt, byte[]? CrlDer);
