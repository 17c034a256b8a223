using System.Collections.Concurrent;
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
    private const int MaxCachedStructureChecks = 256;
    private const int MaxCachedVersionLength = 16;

    // The "sod.structure" pass is a function of the hash algorithm, the set of listed data groups and the version info
    // alone: keyed by all three, built once and shared by the SODs that agree in them. Bounded in count and key size.
    private readonly ConcurrentDictionary<(string HashAlgorithmOid, int DataGroups, LdsVersionInfo? VersionInfo), PassiveAuthenticationCheck> _structureChecks = new();
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
        checks.Add(StructureCheck(lso));
        for (var i = 0; i < sod.Warnings.Count; i++)
        {
            var warning = sod.Warnings[i];
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
                checks.Add(chain.FoundCheck);
            }

            // messageDigest and signature.
            if (dsc is not null && chain?.Key is not null)
            {
                SignatureChecks.AddSignatureChecks(checks, sod.SignedData.VerifySigner(sod.SignerInfo, dsc, chain.Key, chain.SignatureAlgorithms), chain);
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

    /// <summary>The "sod.structure" pass of a decoded SOD (<see cref="SignatureChecks.DescribeStructure"/>).</summary>
    private PassiveAuthenticationCheck StructureCheck(LdsSecurityObject lso)
    {
        var info = lso.VersionInfo;
        if (info is not null && (info.LdsVersion.Length > MaxCachedVersionLength || info.UnicodeVersion.Length > MaxCachedVersionLength))
        {
            return new("sod.structure", CheckStatus.Pass, "sod.ok", SignatureChecks.DescribeStructure(lso));
        }

        // Data groups 1..16, distinct and ascending (as every LdsSecurityObject holds them): then the set names the list.
        var dataGroups = 0;
        var previous = 0;
        var hashes = lso.DataGroupHashes;
        for (var i = 0; i < hashes.Count; i++)
        {
            var number = hashes[i].DataGroupNumber;
            if (number <= previous || number > 16)
            {
                return new("sod.structure", CheckStatus.Pass, "sod.ok", SignatureChecks.DescribeStructure(lso));
            }

            dataGroups |= 1 << number;
            previous = number;
        }

        var key = (lso.HashAlgorithmOid, dataGroups, info);
        if (_structureChecks.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var check = new PassiveAuthenticationCheck("sod.structure", CheckStatus.Pass, "sod.ok", SignatureChecks.DescribeStructure(lso));
        if (_structureChecks.Count < MaxCachedStructureChecks)
        {
            _structureChecks.TryAdd(key, check);
        }

        return check;
    }

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
