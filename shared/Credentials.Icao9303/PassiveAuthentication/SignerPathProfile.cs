using Credentials.Icao9303.X509;

namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>
/// Which kind of end-entity signer a certification path is built for, and how its checks are named: the path rule itself
/// (<see cref="SignerChainResolver"/>, <see cref="PathChecks"/>) is the same for an EF.SOD's Document Signer and for a
/// seal's signer; only the role it must hold (Doc 9303 Part 12 §7.1.1 Table 6) and the check names differ.
/// </summary>
/// <param name="Role">The role the signer must hold.</param>
/// <param name="Prefix">Check-name and reason prefix: <c>dsc</c> (dsc.role, dsc.validity, crl.dsc …) or <c>signer</c>.</param>
/// <param name="Label">How the signer is named in details ("DSC", "seal signer").</param>
/// <param name="RoleDeviationIsWarning">An allowed role deviation (for example no keyUsage) is graded a warning rather than a pass.</param>
/// <param name="ChecksSigningTime">The signed object carries a signingTime that is checked against the signer's validity.</param>
internal sealed record SignerPathProfile(CertificateRole Role, string Prefix, string Label, bool RoleDeviationIsWarning, bool ChecksSigningTime)
{
    /// <summary>The Document Signer of an EF.SOD (Passive Authentication).</summary>
    public static SignerPathProfile DocumentSigner { get; } = new(CertificateRole.DocumentSigner, "dsc", "DSC", RoleDeviationIsWarning: false, ChecksSigningTime: true);

    /// <summary>The signer of a Visible Digital Seal, VDS-NC or IDB (Doc 9303 Part 13 §4; the seal signer role).</summary>
    public static SignerPathProfile SealSigner { get; } = new(CertificateRole.SealSigner, "signer", "seal signer", RoleDeviationIsWarning: true, ChecksSigningTime: false);
}
