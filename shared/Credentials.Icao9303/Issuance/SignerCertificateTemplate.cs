namespace Credentials.Icao9303.Issuance;

/// <summary>What a signer certificate says besides the subject and key taken from the request.</summary>
public sealed record SignerCertificateTemplate
{
    /// <summary>The profile.</summary>
    public required SignerCertificateKind Kind { get; init; }

    /// <summary>Start of the certificate validity.</summary>
    public required DateTimeOffset NotBefore { get; init; }

    /// <summary>End of the certificate validity; must not be after the issuing CSCA's.</summary>
    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>Start of the private key usage period.</summary>
    public required DateTimeOffset PrivateKeyUsageNotBefore { get; init; }

    /// <summary>End of the private key usage period.</summary>
    public required DateTimeOffset PrivateKeyUsageNotAfter { get; init; }

    /// <summary>
    /// Document Type List entries (1-2 upper-case letters, e.g. "P", "ID"); required for Document Signers, written for
    /// DTC Signers when given, not used by list signers.
    /// </summary>
    public IReadOnlyList<string> DocumentTypes { get; init; } = [];

    /// <summary>CRL distribution point URIs; empty for none.</summary>
    public IReadOnlyList<string> CrlDistributionPoints { get; init; } = [];
}
