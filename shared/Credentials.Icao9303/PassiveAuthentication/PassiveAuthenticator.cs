using Credentials.Icao9303.Sod;

namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>
/// Passive Authentication (Doc 9303 Part 11 section 5.1; certificate rules Part 12 sections 5-7), the one engine of the
/// suite (credctl verify, trust-anchor VerifyDocument): SOD structure, signature with the DSC (<see cref="SignatureChecks"/>),
/// the DSC's role and its path to a trusted CSCA (<see cref="SignerChainResolver"/>, <see cref="PathChecks"/>), revocation
/// (<see cref="RevocationCheck"/>), algorithm policy, data group hashes and evidence completeness, DG1 against the printed
/// MRZ (<see cref="EvidenceChecks"/>), and Active Authentication; the verdict by <see cref="PassiveAuthenticationVerdictRule"/>.
/// <para>
/// Thread-safe. Per Document Signer certificate the decoded certificate, its key, the path and its fixed checks are
/// cached (keyed by the certificate's full content, bounded); CRLs are verified once per anchor. Every check still runs
/// on every call. Never throws for bad input: malformed data becomes a failed check.
/// </para>
/// </summary>
public sealed class PassiveAuthenticator : IDisposable
{
    private readonly PassiveAuthenticationPolicy _policy;
    private readonly SignerChainResolver _signers;
    private readonly RevocationCheck _revocation;

    /// <summary>Creates an authenticator over a trust source (not owned: the caller disposes it).</summary>
    public PassiveAuthenticator(IPassiveAuthenticationTrustSource trustSource, PassiveAuthenticationPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(trustSource);
        _policy = policy ?? PassiveAuthenticationPolicy.Default;
        _signers = new SignerChainResolver(trustSource);
        _revocation = new RevocationCheck(trustSource, _policy);
    }

    /// <summary>Runs Passive (and, when requested, Active) Authentication.</summary>
    public PassiveAuthenticationResult Verify(PassiveAuthenticationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var checks = new List<PassiveAuthenticationCheck>(28);

        EfSod sod;
        try
        {
            sod = EfSod.Decode(request.EfSod);
        }
        catch (Icao9303FormatException ex)
        {
            checks.Add(new("sod.structure", CheckStatus.Fail, ex.Reason, ex.Message));
            return Result(checks, null, null);
        }

        var lso = sod.SecurityObject;
        checks.Add(new("sod.structure", CheckStatus.Pass, "sod.ok", SignatureChecks.DescribeStructure(lso)));
        foreach (var warning in sod.Warnings)
        {
            checks.Add(new("sod.conformance", CheckStatus.Warn, warning, SignatureChecks.DescribeWarning(warning)));
        }

        // Document Signer certificate: supplied, or embedded and named by the SignerInfo sid, or known to the trust source.
        SignerChain? chain = null;
        var chainCached = true;
        if (request.DocumentSignerCertificate is { } supplied)
        {
            try
            {
                (chain, chainCached) = _signers.GetChain(supplied.Span);
            }
            catch (Icao9303FormatException ex)
            {
                checks.Add(new("sod.signer-certificate", CheckStatus.Fail, ex.Reason, ex.Message));
            }
        }
        else
        {
            (chain, chainCached) = _signers.FindSigner(sod);
        }

        try
        {
            var dsc = chain?.Certificate;
            if (chain is null)
            {
                if (request.DocumentSignerCertificate is null)
                {
                    checks.Add(new("sod.signer-certificate", CheckStatus.Fail, "dsc.not-found", "No Document Signer certificate is embedded in the SOD, supplied or known.", Indeterminate: true));
                }
            }
            else if (chain.Key is null)
            {
                checks.Add(new("sod.signer-certificate", CheckStatus.Fail, "dsc.key-unusable", chain.KeyError ?? "The DSC public key cannot be used."));
            }
            else
            {
                checks.Add(new("sod.signer-certificate", CheckStatus.Pass, "dsc.found", chain.Description));
            }

            // messageDigest and signature.
            if (dsc is not null && chain?.Key is not null)
            {
                SignatureChecks.AddSignatureChecks(checks, sod.SignedData.VerifySigner(sod.SignerInfo, dsc, chain.Key, chain.SignatureAlgorithms));
            }
            else
            {
                checks.Add(new("sod.signature", CheckStatus.Skip, "dsc.not-found", "No usable DSC: the SOD signature cannot be verified.", Indeterminate: true));
            }

            EvidenceChecks.AddDataGroupChecks(checks, lso, request.DataGroups);
            SignatureChecks.AddAlgorithmCheck(checks, sod, chain, _policy);
            PathChecks.Add(checks, chain, sod.SignerInfo.SigningTime, request.ValidationTime);
            if (chain is { Anchor: { } anchor })
            {
                _revocation.Add(checks, chain.Certificate, anchor, request.ValidationTime);
            }

            // Active Authentication is judged on the PA of DG15; evidence completeness and the MRZ come after it.
            ActiveAuthenticationCheck.Add(checks, request, sod, _policy);
            EvidenceChecks.AddMrzCheck(checks, request);
            EvidenceChecks.AddCompletenessCheck(checks, request.DataGroups);
            return Result(checks, sod, chain);
        }
        finally
        {
            // A chain that did not fit in the cache owns its key for this call only.
            if (!chainCached)
            {
                chain?.Key?.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _signers.Dispose();

    private static PassiveAuthenticationResult Result(List<PassiveAuthenticationCheck> checks, EfSod? sod, SignerChain? chain) => new()
    {
        Verdict = PassiveAuthenticationVerdictRule.Of(checks),
        Checks = checks,
        Sod = sod,
        DocumentSigner = chain?.Certificate,
        DocumentSignerKeyAlgorithm = chain?.KeyDescription,
        Csca = chain?.Anchor?.Certificate,
    };
}
