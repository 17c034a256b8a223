using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Sod;

namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>Output of <see cref="PassiveAuthenticator.Verify"/>: the verdict and every check performed.</summary>
public sealed record PassiveAuthenticationResult
{
    /// <summary>The verdict.</summary>
    public required PassiveAuthenticationVerdict Verdict { get; init; }

    /// <summary>Every check in the order performed.</summary>
    public required IReadOnlyList<PassiveAuthenticationCheck> Checks { get; init; }

    /// <summary>The decoded SOD (null when it could not be decoded).</summary>
    public EfSod? Sod { get; init; }

    /// <summary>The Document Signer certificate used (null when not found).</summary>
    public X509CertificateParts? DocumentSigner { get; init; }

    /// <summary>The DSC public key description (e.g. <c>EC brainpoolP256r1 (explicit)</c>).</summary>
    public string? DocumentSignerKeyAlgorithm { get; init; }

    /// <summary>The trust anchor the DSC chained to (null when none).</summary>
    public X509CertificateParts? Csca { get; init; }

    /// <summary>The check with the given name, if performed.</summary>
    public PassiveAuthenticationCheck? Find(string name) => Checks.FirstOrDefault(c => c.Name == name);
}
