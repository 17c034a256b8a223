using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Crl;

/// <summary>Outcome of checking a CRL against its issuer; <see cref="FailureReason"/> is a stable <c>crl.*</c> code.</summary>
public sealed record CrlVerificationResult
{
    public bool IsValid => FailureReason is null;

    public string? FailureReason { get; init; }

    public string? FailureDetail { get; init; }

    /// <summary>The CSCA certificate whose key verified the CRL.</summary>
    public X509CertificateParts? Issuer { get; init; }

    public static CrlVerificationResult Fail(string reason, string detail, X509CertificateParts? issuer = null) =>
        new() { FailureReason = reason, FailureDetail = detail, Issuer = issuer };
}
