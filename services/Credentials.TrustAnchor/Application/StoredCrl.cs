namespace Credentials.TrustAnchor.Application;

/// <summary>A CRL row of <c>trust_anchor.crls</c>.</summary>
internal sealed record StoredCrl(
    string Fingerprint,
    string Issuer,
    byte[]? AuthorityKeyIdentifier,
    string IssuerKey,
    string Country,
    string CrlNumber,
    DateTimeOffset ThisUpdate,
    DateTimeOffset? NextUpdate,
    int RevokedCount,
    byte[] Der,
    string Source);
