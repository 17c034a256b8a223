using Credentials.Contracts.Common.V1;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.X509;

namespace Credentials.Pkd.Application;

/// <summary>A parsed, verified (or not) certificate of an artifact, ready to store.</summary>
/// <param name="Fingerprint">SHA-256 of the DER, lowercase hex.</param>
/// <param name="Parts">The decoded certificate (its <c>Encoded</c> is the DER).</param>
/// <param name="Kind">Its role in the Doc 9303 PKI.</param>
/// <param name="Country">Country of the subject, upper case ("" when absent).</param>
/// <param name="Verified">True when it verified against its issuer or came in a trusted Master List.</param>
/// <param name="LintFindings">Profile findings of severity Warning or Error.</param>
internal sealed record CertificateItem(
    string Fingerprint, X509CertificateParts Parts, CertificateKind Kind, string Country, bool Verified, IReadOnlyList<LintFinding> LintFindings);
