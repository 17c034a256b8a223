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
    // Built on first use from this chain's immutable fields only (benign race: every thread builds equal entries).
    private readonly PassiveAuthenticationCheck?[] _algorithmOk = new PassiveAuthenticationCheck?[DigestAlgorithms.SupportedCount];
    private PassiveAuthenticationCheck? _chainValidCheck;
    private PassiveAuthenticationCheck? _cscaValidCheck;
    private SignatureValid? _signatureValidCheck;

    public SignerChain(X509CertificateParts certificate, VerificationKey? key, string? keyError, SignerPathProfile profile)
    {
        Profile = profile;
        Certificate = certificate;
        Key = key;
        KeyError = keyError;
        KeyDescription = key?.Description;
        Description = $"{certificate.SubjectName} (serial {certificate.SerialNumberHex}), {key?.Description ?? "unusable key"}";
        FoundCheck = new("sod.signer-certificate", CheckStatus.Pass, "dsc.found", Description);
        ValidCheck = new($"{profile.Prefix}.validity", CheckStatus.Pass, $"{profile.Prefix}.valid", $"The {profile.Label} is valid {certificate.NotBefore:u}..{certificate.NotAfter:u}.");
        Role = CertificateRoleRule.Check(certificate, profile.Role);

        // Doc 9303 Part 12 §7.1.1 Table 6: only a Document Signer may sign an EF.SOD, only a seal signer a seal.
        RoleCheck = new($"{profile.Prefix}.role",
            !Role.IsAllowed ? CheckStatus.Fail : Role.IsDeviation && profile.RoleDeviationIsWarning ? CheckStatus.Warn : CheckStatus.Pass,
            Role.Reason,
            Role.IsAllowed || profile.Role != CertificateRole.DocumentSigner ? Role.Detail : $"The EF.SOD signer may not act as Document Signer: {Role.Detail}");
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

    /// <summary>The <c>{prefix}.role</c> check of <see cref="Role"/> (it depends on nothing else).</summary>
    public PassiveAuthenticationCheck RoleCheck { get; }

    /// <summary>The <c>sod.signer-certificate</c> pass of a chain with a usable key (<see cref="Description"/>).</summary>
    public PassiveAuthenticationCheck FoundCheck { get; }

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
        : _cscaValidCheck ??= new("csca.validity", CheckStatus.Pass, "csca.valid", $"The CSCA is valid {Anchor.Certificate.NotBefore:u}..{Anchor.Certificate.NotAfter:u}.");

    /// <summary>The <c>chain.csca</c> pass of a chain with an anchor (<see cref="ChainDetail"/>).</summary>
    public PassiveAuthenticationCheck ChainValidCheck => _chainValidCheck ??= new("chain.csca", CheckStatus.Pass, "chain.valid", ChainDetail);

    /// <summary>
    /// The <c>algorithm.policy</c> pass for data group hashes with <paramref name="hashAlgorithmOid"/> and this chain's
    /// key (which must be usable): the same entry for every SOD with that hash algorithm.
    /// </summary>
    public PassiveAuthenticationCheck AlgorithmOkCheck(string hashAlgorithmOid)
    {
        var index = DigestAlgorithms.IndexOf(hashAlgorithmOid);
        if (index >= 0 && _algorithmOk[index] is { } cached)
        {
            return cached;
        }

        var check = new PassiveAuthenticationCheck("algorithm.policy", CheckStatus.Pass, "algorithm.ok", $"{DigestAlgorithms.GetName(hashAlgorithmOid)} and {KeyDescription} meet the policy.");
        if (index >= 0)
        {
            _algorithmOk[index] = check;
        }

        return check;
    }

    /// <summary>
    /// The <c>sod.signature</c> pass for a signature verified with <paramref name="algorithmName"/> (the last one is kept:
    /// a DSC signs every SOD with the same algorithm).
    /// </summary>
    public PassiveAuthenticationCheck SignatureValidCheck(string algorithmName)
    {
        var last = Volatile.Read(ref _signatureValidCheck);
        if (last is not null && string.Equals(last.AlgorithmName, algorithmName, StringComparison.Ordinal))
        {
            return last.Check;
        }

        var check = new PassiveAuthenticationCheck("sod.signature", CheckStatus.Pass, "cms.signature-valid", $"{algorithmName} signature verifies with the DSC key.");
        Volatile.Write(ref _signatureValidCheck, new SignatureValid(algorithmName, check));
        return check;
    }

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

    private sealed record SignatureValid(string AlgorithmName, PassiveAuthenticationCheck Check);
}
