using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.X509;

namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>
/// What one signer certificate (a Document Signer, or a seal signer: <see cref="SignerPathProfile"/>) always yields: the certificate (decoded from a private copy), its key, its role
/// decision, the path to a trust anchor and the check entries that depend on nothing else (immutable, shared between
/// results). Built by <see cref="SignerChainResolver"/>.
/// </summary>
internal sealed class SignerChain
{
    public SignerChain(X509CertificateParts certificate, VerificationKey? key, string? keyError, SignerPathProfile profile)
    {
        Profile = profile;
        Certificate = certificate;
        Key = key;
        KeyError = keyError;
        KeyDescription = key?.Description;
        Description = $"{certificate.SubjectName} (serial {certificate.SerialNumberHex}), {key?.Description ?? "unusable key"}";
        ValidCheck = new($"{profile.Prefix}.validity", CheckStatus.Pass, $"{profile.Prefix}.valid", $"The {profile.Label} is valid {certificate.NotBefore:u}..{certificate.NotAfter:u}.");
        Role = CertificateRoleRule.Check(certificate, profile.Role);
        PrivateKeyUsage = ReadPrivateKeyUsagePeriod(certificate);
    }

    public X509CertificateParts Certificate { get; }

    /// <summary>Which signer the path was built for (its role and check names).</summary>
    public SignerPathProfile Profile { get; }

    public string Description { get; }

    public VerificationKey? Key { get; }

    public string? KeyDescription { get; }

    public string? KeyError { get; }

    /// <summary>May the certificate act in the profile's role (Doc 9303 Part 12 §7.1.1 Table 6, one rule for the suite).</summary>
    public CertificateRoleDecision Role { get; }

    /// <summary>The DSC's PrivateKeyUsagePeriod (null when absent or undecodable).</summary>
    public PrivateKeyUsagePeriod? PrivateKeyUsage { get; }

    /// <summary>The anchor whose key verifies the DSC (null when none).</summary>
    public TrustAnchor? Anchor { get; init; }

    public required string ChainReason { get; init; }

    public required string ChainDetail { get; init; }

    /// <summary>The checks of the path itself (DSC and anchor profile, issuer role, link), in order.</summary>
    public IReadOnlyList<PassiveAuthenticationCheck> PathChecks { get; init; } = [];

    public PassiveAuthenticationCheck ValidCheck { get; }

    /// <summary>The last signatureAlgorithm decoded for an SOD this DSC signed (the same bytes in every SOD).</summary>
    public SignatureAlgorithmMemo SignatureAlgorithms { get; } = new();

    public PassiveAuthenticationCheck? CscaValidCheck => Anchor is null
        ? null
        : new("csca.validity", CheckStatus.Pass, "csca.valid", $"The CSCA is valid {Anchor.Certificate.NotBefore:u}..{Anchor.Certificate.NotAfter:u}.");

    private static PrivateKeyUsagePeriod? ReadPrivateKeyUsagePeriod(X509CertificateParts certificate)
    {
        foreach (var (oid, _, value) in certificate.Extensions)
        {
            if (oid == PrivateKeyUsagePeriod.Oid)
            {
                try
                {
                    return PrivateKeyUsagePeriod.Decode(value);
                }
                catch (Icao9303FormatException)
                {
                    return null;
                }
            }
        }

        return null;
    }
}
