using Credentials.Icao9303.X509;

namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>
/// The certification path checks of Passive Authentication (RFC 5280 §6.1 profiled by Doc 9303 Part 12 §5-7): the DSC's
/// role, the path to a trust anchor with its fixed checks (<see cref="SignerChain.PathChecks"/>), validity of the DSC at
/// signing and validation time, the signingTime against the validation time and the DSC's PrivateKeyUsagePeriod, and
/// the CSCA's validity when it issued the DSC. The same checks serve seal signers, named by the chain's
/// <see cref="SignerPathProfile"/> (signer.role, signer.validity, csca.not-valid-at-signer-issuance, crl.signer).
/// </summary>
internal static class PathChecks
{
    public static void Add(List<PassiveAuthenticationCheck> checks, SignerChain? chain, DateTimeOffset? signingTime, DateTimeOffset validationTime)
    {
        if (chain is null)
        {
            checks.Add(new("chain.csca", CheckStatus.Skip, "dsc.not-found", "No DSC to chain.", Indeterminate: true));
            return;
        }

        // Doc 9303 Part 12 §7.1.1 Table 6: only a Document Signer may sign an EF.SOD, only a seal signer a seal.
        var profile = chain.Profile;
        var prefix = profile.Prefix;
        checks.Add(chain.RoleCheck);

        var dsc = chain.Certificate;
        if (chain.Anchor is null)
        {
            checks.Add(new("chain.csca", CheckStatus.Fail, chain.ChainReason, chain.ChainDetail, Indeterminate: chain.ChainReason == "chain.no-trust-anchor"));
        }
        else
        {
            checks.Add(chain.ChainValidCheck);
            checks.AddRange(chain.PathChecks);
        }

        // Validity of the DSC at signing time (signingTime attribute) and at validation time. A seal carries a signature
        // creation date only (no time), checked by the seal verifier itself.
        if (profile.ChecksSigningTime)
        {
            AddSigningTimeValidity(checks, chain, signingTime, validationTime);
        }

        if (validationTime < dsc.NotBefore)
        {
            checks.Add(new($"{prefix}.validity", CheckStatus.Fail, $"{prefix}.not-yet-valid", $"The {profile.Label} is valid from {dsc.NotBefore:u}; validation time is {validationTime:u}."));
        }
        else if (validationTime > dsc.NotAfter)
        {
            checks.Add(new($"{prefix}.validity", CheckStatus.Fail, $"{prefix}.expired", $"The {profile.Label} expired {dsc.NotAfter:u}; validation time is {validationTime:u}."));
        }
        else
        {
            checks.Add(chain.ValidCheck);
        }

        if (chain.Anchor is not { } anchor)
        {
            checks.Add(new($"crl.{prefix}", CheckStatus.Skip, "chain.no-trust-anchor", "No CSCA: revocation cannot be checked.", Indeterminate: true));
            return;
        }

        var csca = anchor.Certificate;
        if (!csca.IsValidAt(dsc.NotBefore))
        {
            checks.Add(new("csca.validity", CheckStatus.Fail, $"csca.not-valid-at-{prefix}-issuance", $"The CSCA ({csca.NotBefore:u}..{csca.NotAfter:u}) was not valid when the {profile.Label} was issued ({dsc.NotBefore:u})."));
        }
        else if (validationTime > csca.NotAfter)
        {
            checks.Add(new("csca.validity", CheckStatus.Warn, "csca.expired", $"The CSCA expired {csca.NotAfter:u}; it was valid when it issued the {profile.Label}."));
        }
        else
        {
            checks.Add(chain.CscaValidCheck!);
        }
    }

    private static void AddSigningTimeValidity(List<PassiveAuthenticationCheck> checks, SignerChain chain, DateTimeOffset? signingTime, DateTimeOffset validationTime)
    {
        var dsc = chain.Certificate;
        if (signingTime is { } signed)
        {
            checks.Add(dsc.IsValidAt(signed)
                ? new("dsc.validity-at-signing", CheckStatus.Pass, "dsc.valid-at-signing", $"signingTime {signed:u} lies within the DSC validity.")
                : new("dsc.validity-at-signing", CheckStatus.Fail, "dsc.not-valid-at-signing", $"signingTime {signed:u} lies outside the DSC validity {dsc.NotBefore:u}..{dsc.NotAfter:u}."));
            AddSigningTimeChecks(checks, chain, signed, validationTime);
        }
        else
        {
            checks.Add(new("dsc.validity-at-signing", CheckStatus.Skip, "sod.no-signing-time", "The SOD carries no signingTime attribute."));
        }
    }

    /// <summary>
    /// A signingTime after the validation time cannot be true at that time (flagged as a warning: clocks of readers and
    /// signers differ, and Doc 9303 makes signingTime optional); one outside the DSC's PrivateKeyUsagePeriod
    /// (Part 12 §7.1.1: the period the DSC key may sign in) is a warning.
    /// </summary>
    private static void AddSigningTimeChecks(List<PassiveAuthenticationCheck> checks, SignerChain chain, DateTimeOffset signed, DateTimeOffset validationTime)
    {
        if (signed > validationTime)
        {
            checks.Add(new("sod.signing-time", CheckStatus.Warn, "sod.signing-time-after-validation", $"signingTime {signed:u} is after the validation time {validationTime:u}."));
        }

        if (chain.PrivateKeyUsage is { } period
            && ((period.NotBefore is { } from && signed < from) || (period.NotAfter is { } until && signed > until)))
        {
            checks.Add(new("dsc.private-key-usage", CheckStatus.Warn, "dsc.signed-outside-private-key-usage-period",
                $"signingTime {signed:u} lies outside the DSC's PrivateKeyUsagePeriod {period.NotBefore:u}..{period.NotAfter:u}."));
        }
    }
}
