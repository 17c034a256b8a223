using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Pkd;

/// <summary>
/// Outcome of verifying a signed ICAO list (CSCA Master List or Deviation List): the CMS signature, the signer's
/// EKU, and the signer's chain to a CSCA of its State. <see cref="FailureReason"/> is a stable code
/// (<c>ml.*</c>, <c>dl.*</c>, <c>cms.*</c>) when the list is not valid.
/// </summary>
public sealed record SignedListVerificationResult
{
    /// <summary>True when the signature is valid and the signer chains to a trusted CSCA of its State.</summary>
    public bool IsValid => FailureReason is null;

    /// <summary>True when the CMS signature (and messageDigest) verified with the signer certificate.</summary>
    public bool SignatureValid { get; init; }

    /// <summary>True when the signer certificate verified under <see cref="IssuerCertificate"/>.</summary>
    public bool SignerChained { get; init; }

    public string? FailureReason { get; init; }

    public string? FailureDetail { get; init; }

    /// <summary>The Master List / Deviation List Signer certificate.</summary>
    public X509CertificateParts? SignerCertificate { get; init; }

    /// <summary>The CSCA (or link) certificate the signer chained to.</summary>
    public X509CertificateParts? IssuerCertificate { get; init; }

    /// <summary>Where <see cref="IssuerCertificate"/> came from: <c>trust</c> (given) or <c>list</c> (inside the Master List).</summary>
    public string? IssuerSource { get; init; }

    /// <summary>Named tolerated deviations (from CMS verification and from the list).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The decoded Master List (null for Deviation Lists or when the content did not decode).</summary>
    public CscaMasterList? MasterList { get; init; }

    /// <summary>The decoded Deviation List (null for Master Lists or when the content did not decode).</summary>
    public DeviationList? DeviationList { get; init; }
}
