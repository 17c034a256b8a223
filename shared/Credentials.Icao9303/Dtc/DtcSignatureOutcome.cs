using Credentials.Icao9303.X509;

namespace Credentials.Icao9303.Dtc;

/// <summary>
/// What <see cref="DtcSignatureVerifier"/> found for the signed parts of a DTC (eMRTD-PC bound and PC bound, this suite's
/// profile of dtcTBS and dtcSignerInfo; see docs/dtc.md).
/// </summary>
/// <param name="DataDigestMatches">The dtcTBS DTCData digest (value type 1) equals SHA-256 over the DER DTCData.</param>
/// <param name="SignatureValid">dtcSignerInfo.signature verifies over the DER dtcTBS with the signer certificate's key.</param>
/// <param name="Problem">Why the signature could not be checked (undecodable certificate or unsupported algorithm); null otherwise.</param>
public sealed record DtcSignatureOutcome(bool DataDigestMatches, bool SignatureValid, string? Problem)
{
    /// <summary>May the signer certificate sign DTCs (<see cref="CertificateRoleRule"/>, role DTC Signer); null when it does not decode.</summary>
    public CertificateRoleDecision? SignerRole { get; init; }
}
