using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Cms;

/// <summary>
/// Outcome of <see cref="CmsSignedData.VerifySigner(CmsSignerInfo, X509CertificateParts?, VerificationKey?)"/>.
/// <see cref="IsValid"/> is true only when the signer certificate was found, the messageDigest attribute (if signed
/// attributes are present) matches the eContent digest, the contentType attribute matches eContentType, and the
/// signature verifies. <see cref="FailureReason"/> is a stable code such as <c>cms.message-digest-mismatch</c>.
/// </summary>
public sealed record CmsSignerVerification
{
    /// <summary>True when everything checked out.</summary>
    public bool IsValid => FailureReason is null;

    /// <summary>Stable reason code of the first failure; null when valid.</summary>
    public string? FailureReason { get; init; }

    /// <summary>Human-readable failure detail.</summary>
    public string? FailureDetail { get; init; }

    /// <summary>The signer certificate used (embedded or supplied), if found.</summary>
    public X509CertificateParts? SignerCertificate { get; init; }

    /// <summary>The decoded signature algorithm, if it could be decoded.</summary>
    public SignatureAlgorithm? Algorithm { get; init; }

    /// <summary>null when there are no signed attributes; otherwise whether messageDigest matched.</summary>
    public bool? MessageDigestMatches { get; init; }

    /// <summary>Whether the signature itself verified (false when not reached).</summary>
    public bool SignatureVerified { get; init; }

    /// <summary>Named warnings (e.g. <c>cms.signer-issuer-name-differs</c>, <c>cms.signed-attributes-not-der</c>).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
