using Credentials.Icao9303.Crl;
using Credentials.Icao9303.X509;

namespace Credentials.Pkd.Application;

/// <summary>A parsed CRL of an artifact, ready to store.</summary>
/// <param name="Fingerprint">SHA-256 of the DER, lowercase hex.</param>
/// <param name="Crl">The decoded CRL.</param>
/// <param name="Country">Country of the issuer, upper case ("" when absent).</param>
/// <param name="IssuerFingerprint">Fingerprint of the CSCA/link certificate it verified under; null when unverified.</param>
/// <param name="LintFindings">Profile findings of severity Warning or Error.</param>
internal sealed record CrlItem(string Fingerprint, CertificateRevocationList Crl, string Country, string? IssuerFingerprint, IReadOnlyList<LintFinding> LintFindings)
{
    /// <summary>True when the CRL verified under a stored CSCA.</summary>
    public bool Verified => IssuerFingerprint is not null;
}
