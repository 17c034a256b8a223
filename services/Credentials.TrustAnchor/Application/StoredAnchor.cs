using Credentials.Contracts.Common.V1;

namespace Credentials.TrustAnchor.Application;

/// <summary>A trust anchor row with the DER of its issuer's current CRL (null when none) and when its pkd source stopped listing it (null while listed).</summary>
internal sealed record StoredAnchor(byte[] Der, CertificateKind Kind, string Source, DateTimeOffset AddedAt, byte[]? CrlDer, DateTimeOffset? UnlistedAt = null);
