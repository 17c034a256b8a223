using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.PassiveAuthentication;

namespace Credentials.Icao9303.Vds;

/// <summary>The graded outcome of seal verification with every check, as for Passive Authentication.</summary>
public sealed record SealVerificationResult
{
    /// <summary>VALID, VALID_WITH_WARNINGS, INVALID or INDETERMINATE (same grading as Passive Authentication).</summary>
    public required PassiveAuthenticationVerdict Verdict { get; init; }

    /// <summary>Every check in order.</summary>
    public required IReadOnlyList<PassiveAuthenticationCheck> Checks { get; init; }

    /// <summary>The seal's encoding.</summary>
    public SealFormat Format { get; init; }

    /// <summary>The decoded VDS, when it is one.</summary>
    public VisibleDigitalSeal? Vds { get; init; }

    /// <summary>The decoded VDS-NC, when it is one.</summary>
    public VdsNcSeal? VdsNc { get; init; }

    /// <summary>The decoded IDB, when it is one.</summary>
    public Idb.IdbBarcode? Idb { get; init; }

    /// <summary>The signer certificate that was used, if found.</summary>
    public X509CertificateParts? SignerCertificate { get; init; }

    /// <summary>The CSCA the signer chains to, if found.</summary>
    public X509CertificateParts? Csca { get; init; }
}
