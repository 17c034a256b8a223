namespace Credentials.TrustAnchor.Application;

/// <summary>
/// Everything Passive Authentication needs from the store at one store version: the CSCA and link certificates (the
/// anchors), Document Signer certificates (for SODs that do not embed theirs), the current CRL of every issuer and the
/// fingerprints named by revocation notices. This is what the Redis cache holds, keyed by <see cref="Version"/>.
/// </summary>
/// <param name="Version">The store version the material was read at.</param>
/// <param name="Anchors">CSCA and link certificates, DER.</param>
/// <param name="DocumentSigners">Document Signer and seal signer certificates, DER (signers whose certificate what they
/// sign need not carry; Passive Authentication and seal verification each apply their own role rule).</param>
/// <param name="Crls">The current CRL of each issuer, DER.</param>
/// <param name="RevokedFingerprints">SHA-256 fingerprints (lowercase hex) of certificates our csca announced revoked.</param>
/// <param name="UnlistedFingerprints">Fingerprints of anchors their pkd source no longer lists (kept, used, warned about).</param>
internal sealed record TrustMaterial(
    long Version,
    IReadOnlyList<byte[]> Anchors,
    IReadOnlyList<byte[]> DocumentSigners,
    IReadOnlyList<byte[]> Crls,
    IReadOnlyList<string> RevokedFingerprints,
    IReadOnlyList<string>? UnlistedFingerprints = null);
