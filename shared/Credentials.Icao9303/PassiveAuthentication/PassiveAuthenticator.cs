using System.Collections.Concurrent;
using System.Security.Cryptography;
using Credentials.Icao9303.ActiveAuthentication;
using Credentials.Icao9303.Cms;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Lds.DataGroups;
using Credentials.Icao9303.Mrz;
using Credentials.Icao9303.Sod;

namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>
/// Passive Authentication (Doc 9303 Part 11 section 5.1; certificate rules Part 12 sections 5-7):
/// SOD structure, data group hashes, messageDigest, SOD signature with the DSC, DSC → trusted CSCA (AKI/SKI before
/// names, link certificates), validity at signing and validation time, CRL status of DSC and CSCA, algorithm policy,
/// DG1 against the printed MRZ, and Active Authentication (only after Passive Authentication passed).
/// <para>
/// Thread-safe. Per Document Signer certificate the decoded certificate, its key, the chain result (which anchor
/// verified its signature, link certificate) and the fixed check details are cached, keyed by the certificate's full
/// content (every byte compared, see <see cref="ContentKeyComparer"/>) and bounded; CRLs are verified once per anchor.
/// Every check still runs on every call: the SOD is decoded, every presented data group and the messageDigest are
/// hashed, the SOD signature is verified and the validity and CRL checks are evaluated at the request's time, so
/// repeated verifications of documents from one signer cost one SOD signature verification plus decoding.
/// Never throws for bad input: malformed data becomes a failed check.
/// </para>
/// </summary>
public sealed class PassiveAuthenticator : IDisposable
{
    private const int MaxCachedSigners = 4096;

    // Immutable: check names of DG0..DG16 and the one fixed CRL entry, shared by every result.
    private static readonly string[] DataGroupCheckNames = Enumerable.Range(0, 17).Select(n => $"dg{n}.hash").ToArray();
    private static readonly PassiveAuthenticationCheck CscaNotRevokedCheck = new("crl.csca", CheckStatus.Pass, "crl.not-revoked", "The CSCA is not on its CRL.");

    private readonly PassiveAuthenticationTrustStore _trustStore;
    private readonly PassiveAuthenticationPolicy _policy;
    private readonly ConcurrentDictionary<byte[], SignerChain> _chains = new(ContentKeyComparer.Instance);
    private readonly ConcurrentDictionary<byte[], SignerChain>.AlternateLookup<ReadOnlySpan<byte>> _chainLookup;
    private readonly ConcurrentDictionary<TrustAnchor, AnchorCrl[]> _crlsByAnchor = new();

    /// <summary>Creates an authenticator over a trust store (not owned: the caller disposes it).</summary>
    public PassiveAuthenticator(PassiveAuthenticationTrustStore trustStore, PassiveAuthenticationPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(trustStore);
        _trustStore = trustStore;
        _policy = policy ?? PassiveAuthenticationPolicy.Default;
        _chainLookup = _chains.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>Runs Passive (and, when requested, Active) Authentication.</summary>
    public PassiveAuthenticationResult Verify(PassiveAuthenticationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var checks = new List<PassiveAuthenticationCheck>(24);

        EfSod sod;
        try
        {
            sod = EfSod.Decode(request.EfSod);
        }
        catch (Icao9303FormatException ex)
        {
            checks.Add(new("sod.structure", CheckStatus.Fail, ex.Reason, ex.Message));
            return Result(checks, null, null, null, null);
        }

        var lso = sod.SecurityObject;
        checks.Add(new("sod.structure", CheckStatus.Pass, "sod.ok", DescribeStructure(lso)));
        foreach (var warning in sod.Warnings)
        {
            checks.Add(new("sod.conformance", CheckStatus.Warn, warning, DescribeWarning(warning)));
        }

        // Document Signer certificate: supplied, or embedded and named by the SignerInfo sid.
        SignerChain? chain = null;
        var chainCached = true;
        if (request.DocumentSignerCertificate is { } supplied)
        {
            try
            {
                (chain, chainCached) = GetChain(supplied.Span);
            }
            catch (Icao9303FormatException ex)
            {
                checks.Add(new("sod.signer-certificate", CheckStatus.Fail, ex.Reason, ex.Message));
            }
        }
        else
        {
            (chain, chainCached) = FindEmbeddedSigner(sod);
        }

        try
        {
            var dsc = chain?.Certificate;
            if (chain is null)
            {
                if (request.DocumentSignerCertificate is null)
                {
                    checks.Add(new("sod.signer-certificate", CheckStatus.Fail, "dsc.not-found", "No Document Signer certificate is embedded in the SOD or supplied.", Indeterminate: true));
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
                var verification = sod.SignedData.VerifySigner(sod.SignerInfo, dsc, chain.Key);
                AddSignatureChecks(checks, verification);
            }
            else
            {
                checks.Add(new("sod.signature", CheckStatus.Skip, "dsc.not-found", "No usable DSC: the SOD signature cannot be verified.", Indeterminate: true));
            }

            AddDataGroupChecks(checks, lso, request.DataGroups);
            AddAlgorithmCheck(checks, sod, chain);
            AddChainChecks(checks, chain, sod.SignerInfo.SigningTime, request.ValidationTime);
            AddMrzCheck(checks, request);
            AddActiveAuthenticationCheck(checks, request);
            return Result(checks, sod, dsc, chain?.KeyDescription, chain?.Anchor?.Certificate);
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
    public void Dispose()
    {
        foreach (var chain in _chains.Values)
        {
            chain.Key?.Dispose();
        }

        _chains.Clear();
    }

    private static PassiveAuthenticationResult Result(
        List<PassiveAuthenticationCheck> checks, EfSod? sod, X509CertificateParts? dsc, string? keyAlgorithm, X509CertificateParts? csca) => new()
        {
            Verdict = VerdictOf(checks),
            Checks = checks,
            Sod = sod,
            DocumentSigner = dsc,
            DocumentSignerKeyAlgorithm = keyAlgorithm,
            Csca = csca,
        };

    /// <summary>The graded verdict of a list of checks (shared by Passive Authentication and seal verification).</summary>
    internal static PassiveAuthenticationVerdict VerdictOf(List<PassiveAuthenticationCheck> checks)
    {
        var indeterminate = false;
        var warning = false;
        foreach (var check in checks)
        {
            switch (check.Status)
            {
                case CheckStatus.Fail when !check.Indeterminate:
                    return PassiveAuthenticationVerdict.Invalid;
                case CheckStatus.Fail or CheckStatus.Skip when check.Indeterminate:
                    indeterminate = true;
                    break;
                case CheckStatus.Warn:
                    warning = true;
                    break;
            }
        }

        if (indeterminate)
        {
            return PassiveAuthenticationVerdict.Indeterminate;
        }

        return warning ? PassiveAuthenticationVerdict.ValidWithWarnings : PassiveAuthenticationVerdict.Valid;
    }

    private static string DescribeStructure(LdsSecurityObject lso)
    {
        var text = new System.Text.StringBuilder(96);
        text.Append("LDSSecurityObject v").Append(lso.Version).Append(", ").Append(DigestAlgorithms.GetName(lso.HashAlgorithmOid)).Append(", DG ");
        var hashes = lso.DataGroupHashes;
        for (var i = 0; i < hashes.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(hashes[i].DataGroupNumber);
        }

        if (lso.VersionInfo is { } vi)
        {
            text.Append(", LDS ").Append(vi.LdsVersion).Append(" Unicode ").Append(vi.UnicodeVersion);
        }

        return text.ToString();
    }

    private static void AddSignatureChecks(List<PassiveAuthenticationCheck> checks, CmsSignerVerification verification)
    {
        switch (verification.MessageDigestMatches)
        {
            case true:
                checks.Add(new("sod.message-digest", CheckStatus.Pass, "cms.message-digest-match", "messageDigest equals the digest of the LDSSecurityObject."));
                break;
            case false:
                checks.Add(new("sod.message-digest", CheckStatus.Fail, "cms.message-digest-mismatch", "messageDigest does not match the LDSSecurityObject: the signed content was altered."));
                break;
            default:
                if (verification.FailureReason is not null && verification.FailureReason != "cms.signature-invalid")
                {
                    checks.Add(new("sod.message-digest", CheckStatus.Fail, verification.FailureReason, verification.FailureDetail ?? string.Empty));
                }
                else
                {
                    checks.Add(new("sod.message-digest", CheckStatus.Warn, "cms.no-signed-attributes", "No signed attributes: the signature covers the content directly (Doc 9303 requires signed attributes)."));
                }

                break;
        }

        if (verification.SignatureVerified)
        {
            checks.Add(new("sod.signature", CheckStatus.Pass, "cms.signature-valid", $"{verification.Algorithm!.Name} signature verifies with the DSC key."));
        }
        else if (verification.MessageDigestMatches == false)
        {
            checks.Add(new("sod.signature", CheckStatus.Skip, "cms.message-digest-mismatch", "Not verified: the content does not match messageDigest."));
        }
        else
        {
            checks.Add(new("sod.signature", CheckStatus.Fail, verification.FailureReason ?? "cms.signature-invalid", verification.FailureDetail ?? "The SOD signature does not verify."));
        }

        foreach (var warning in verification.Warnings)
        {
            if (warning != "cms.no-signed-attributes")
            {
                checks.Add(new("sod.conformance", CheckStatus.Warn, warning, DescribeWarning(warning)));
            }
        }
    }

    private static void AddDataGroupChecks(List<PassiveAuthenticationCheck> checks, LdsSecurityObject lso, IReadOnlyDictionary<int, ReadOnlyMemory<byte>> dataGroups)
    {
        var numbers = new int[dataGroups.Count];
        var n = 0;
        foreach (var number in dataGroups.Keys)
        {
            numbers[n++] = number;
        }

        Array.Sort(numbers);
        var hashName = DigestAlgorithms.GetName(lso.HashAlgorithmOid);
        Span<byte> actual = stackalloc byte[DigestAlgorithms.MaxLength];
        foreach (var number in numbers)
        {
            var name = number is >= 0 and <= 16 ? DataGroupCheckNames[number] : $"dg{number}.hash";
            var listed = lso.Find(number);
            if (listed is null)
            {
                checks.Add(new(name, CheckStatus.Fail, "dg.not-in-sod", $"DG{number} was presented but the SOD lists no hash for it."));
                continue;
            }

            var length = DigestAlgorithms.Compute(lso.HashAlgorithmOid, dataGroups[number].Span, actual);
            checks.Add(CryptographicOperations.FixedTimeEquals(actual[..length], listed.HashValue.Span)
                ? new(name, CheckStatus.Pass, "dg.hash-match", $"DG{number} {hashName} matches the SOD.")
                : new(name, CheckStatus.Fail, "dg.hash-mismatch", $"DG{number} does not match its hash in the SOD."));
        }

        foreach (var listed in lso.DataGroupHashes)
        {
            if (!dataGroups.ContainsKey(listed.DataGroupNumber))
            {
                checks.Add(new(DataGroupCheckNames[listed.DataGroupNumber], CheckStatus.Skip, "dg.not-presented", $"DG{listed.DataGroupNumber} is listed in the SOD but was not presented."));
            }
        }
    }

    private void AddAlgorithmCheck(List<PassiveAuthenticationCheck> checks, EfSod sod, SignerChain? chain)
    {
        var findings = false;
        var dscKey = chain?.Key;
        var usesSha1 = sod.SecurityObject.HashAlgorithmOid == Oids.Sha1 || sod.SignerInfo.DigestAlgorithmOid == Oids.Sha1
            || sod.SignerInfo.SignatureAlgorithmOid is Oids.Sha1WithRsa or Oids.EcdsaWithSha1;
        if (usesSha1)
        {
            checks.Add(new("algorithm.policy", _policy.RejectSha1 ? CheckStatus.Fail : CheckStatus.Warn, "algorithm.sha1", "SHA-1 is used for data group hashes or the SOD signature (deprecated by Doc 9303 Part 12 section 4.1)."));
            findings = true;
        }

        if (dscKey is { IsRsa: true } && dscKey.KeySizeBits < _policy.MinimumRsaBits)
        {
            checks.Add(new("algorithm.policy", CheckStatus.Warn, "algorithm.weak-key", $"DSC key {chain!.KeyDescription} is below {_policy.MinimumRsaBits} bits."));
            findings = true;
        }

        if (!findings)
        {
            checks.Add(new("algorithm.policy", CheckStatus.Pass, "algorithm.ok", $"{DigestAlgorithms.GetName(sod.SecurityObject.HashAlgorithmOid)} and {(dscKey is null ? "unknown key" : chain!.KeyDescription)} meet the policy."));
        }
    }

    private void AddChainChecks(List<PassiveAuthenticationCheck> checks, SignerChain? chain, DateTimeOffset? signingTime, DateTimeOffset validationTime)
    {
        if (chain is null)
        {
            checks.Add(new("chain.csca", CheckStatus.Skip, "dsc.not-found", "No DSC to chain.", Indeterminate: true));
            return;
        }

        var dsc = chain.Certificate;
        if (chain.Anchor is null)
        {
            checks.Add(new("chain.csca", CheckStatus.Fail, chain.ChainReason, chain.ChainDetail, Indeterminate: chain.ChainReason == "chain.no-trust-anchor"));
        }
        else
        {
            checks.Add(new("chain.csca", CheckStatus.Pass, "chain.valid", chain.ChainDetail));
            if (chain.LinkReason is not null)
            {
                checks.Add(new("chain.link", chain.LinkReason == "chain.link-valid" ? CheckStatus.Pass : CheckStatus.Fail, chain.LinkReason, chain.LinkDetail ?? string.Empty));
            }
        }

        // Validity of the DSC at signing time (signingTime attribute) and at validation time.
        if (signingTime is { } signed)
        {
            checks.Add(dsc.IsValidAt(signed)
                ? new("dsc.validity-at-signing", CheckStatus.Pass, "dsc.valid-at-signing", $"signingTime {signed:u} lies within the DSC validity.")
                : new("dsc.validity-at-signing", CheckStatus.Fail, "dsc.not-valid-at-signing", $"signingTime {signed:u} lies outside the DSC validity {dsc.NotBefore:u}..{dsc.NotAfter:u}."));
        }
        else
        {
            checks.Add(new("dsc.validity-at-signing", CheckStatus.Skip, "sod.no-signing-time", "The SOD carries no signingTime attribute."));
        }

        if (validationTime < dsc.NotBefore)
        {
            checks.Add(new("dsc.validity", CheckStatus.Fail, "dsc.not-yet-valid", $"The DSC is valid from {dsc.NotBefore:u}; validation time is {validationTime:u}."));
        }
        else if (validationTime > dsc.NotAfter)
        {
            checks.Add(new("dsc.validity", CheckStatus.Fail, "dsc.expired", $"The DSC expired {dsc.NotAfter:u}; validation time is {validationTime:u}."));
        }
        else
        {
            checks.Add(chain.DscValidCheck);
        }

        if (chain.Anchor is not { } anchor)
        {
            checks.Add(new("crl.dsc", CheckStatus.Skip, "chain.no-trust-anchor", "No CSCA: revocation cannot be checked.", Indeterminate: true));
            return;
        }

        var csca = anchor.Certificate;
        if (!csca.IsValidAt(dsc.NotBefore))
        {
            checks.Add(new("csca.validity", CheckStatus.Fail, "csca.not-valid-at-dsc-issuance", $"The CSCA ({csca.NotBefore:u}..{csca.NotAfter:u}) was not valid when the DSC was issued ({dsc.NotBefore:u})."));
        }
        else if (validationTime > csca.NotAfter)
        {
            checks.Add(new("csca.validity", CheckStatus.Warn, "csca.expired", $"The CSCA expired {csca.NotAfter:u}; it was valid when it issued the DSC."));
        }
        else
        {
            checks.Add(chain.CscaValidCheck!);
        }

        AddCrlChecks(checks, dsc, anchor, validationTime);
    }

    private void AddCrlChecks(List<PassiveAuthenticationCheck> checks, X509CertificateParts dsc, TrustAnchor anchor, DateTimeOffset validationTime)
    {
        var crls = _crlsByAnchor.GetOrAdd(anchor, a => _trustStore.Crls.Where(c => CrlVerifier.Verify(c, a.Certificate).IsValid).Select(c => new AnchorCrl(c)).ToArray());
        AnchorCrl? newest = null;
        foreach (var candidate in crls)
        {
            // The newest CRL issued at or before the validation time.
            if (candidate.Crl.ThisUpdate <= validationTime && (newest is null || candidate.Crl.ThisUpdate > newest.Crl.ThisUpdate))
            {
                newest = candidate;
            }
        }

        if (newest is null)
        {
            checks.Add(new("crl.dsc", _policy.RequireCrl ? CheckStatus.Fail : CheckStatus.Warn, "crl.missing",
                $"No CRL of the CSCA '{anchor.SubjectName}' valid at {validationTime:u} was supplied.", Indeterminate: _policy.RequireCrl));
            checks.Add(new("crl.csca", CheckStatus.Skip, "crl.missing", "No CRL to check the CSCA against."));
            return;
        }

        var current = newest.Crl;
        var revokedDsc = current.FindRevoked(dsc.SerialNumber.Span);
        var revokedCsca = current.FindRevoked(anchor.Certificate.SerialNumber.Span);
        var stale = current.IsExpiredAt(validationTime);
        if (revokedDsc is not null && revokedDsc.RevocationDate <= validationTime)
        {
            checks.Add(new("crl.dsc", CheckStatus.Fail, "crl.revoked", $"The DSC (serial {dsc.SerialNumberHex}) was revoked {revokedDsc.RevocationDate:u} (CRL of {current.ThisUpdate:u})."));
        }
        else if (stale)
        {
            checks.Add(new("crl.dsc", _policy.RequireCrl ? CheckStatus.Fail : CheckStatus.Warn, "crl.stale",
                $"The newest CRL's nextUpdate {current.NextUpdate:u} is before {validationTime:u}.", Indeterminate: _policy.RequireCrl));
        }
        else
        {
            checks.Add(newest.DscNotRevokedCheck);
        }

        checks.Add(revokedCsca is not null && revokedCsca.RevocationDate <= validationTime
            ? new("crl.csca", CheckStatus.Fail, "crl.revoked", $"The CSCA (serial {anchor.Certificate.SerialNumberHex}) was revoked {revokedCsca.RevocationDate:u}.")
            : CscaNotRevokedCheck);
    }

    private static void AddMrzCheck(List<PassiveAuthenticationCheck> checks, PassiveAuthenticationRequest request)
    {
        if (request.PrintedMrz is not { } printed)
        {
            return;
        }

        if (!request.DataGroups.TryGetValue(1, out var dg1File))
        {
            checks.Add(new("mrz.dg1", CheckStatus.Skip, "dg.not-presented", "DG1 was not presented."));
            return;
        }

        try
        {
            var printedMrz = MachineReadableZone.Parse(printed);
            var chip = DataGroup1.Decode(dg1File);
            checks.Add(string.Equals(printedMrz.Text, chip.Mrz.Text, StringComparison.Ordinal)
                ? new("mrz.dg1", CheckStatus.Pass, "mrz.dg1-match", "DG1 equals the printed MRZ.")
                : new("mrz.dg1", CheckStatus.Fail, "mrz.dg1-mismatch", "DG1 differs from the printed MRZ."));
        }
        catch (Icao9303FormatException ex)
        {
            checks.Add(new("mrz.dg1", CheckStatus.Fail, ex.Reason, ex.Message));
        }
    }

    private static void AddActiveAuthenticationCheck(List<PassiveAuthenticationCheck> checks, PassiveAuthenticationRequest request)
    {
        if (request.ActiveAuthenticationChallenge is not { IsEmpty: false } challenge || request.ActiveAuthenticationSignature is not { IsEmpty: false } signature)
        {
            return;
        }

        var verdict = VerdictOf(checks);
        if (verdict is not (PassiveAuthenticationVerdict.Valid or PassiveAuthenticationVerdict.ValidWithWarnings)
            || checks.FirstOrDefault(c => c.Name == "dg15.hash")?.Status != CheckStatus.Pass)
        {
            checks.Add(new("aa", CheckStatus.Skip, "aa.pa-not-passed", "Active Authentication counts only after Passive Authentication passed with DG15 verified.", Indeterminate: verdict != PassiveAuthenticationVerdict.Invalid));
            return;
        }

        try
        {
            var dg15 = DataGroup15.Decode(request.DataGroups[15]);
            var result = ActiveAuthenticationVerifier.Verify(dg15.SubjectPublicKeyInfo, challenge.Span, signature.Span);
            checks.Add(new("aa", result.IsValid ? CheckStatus.Pass : CheckStatus.Fail, result.Reason, result.Detail));
        }
        catch (Icao9303FormatException ex)
        {
            checks.Add(new("aa", CheckStatus.Fail, ex.Reason, ex.Message));
        }
    }

    /// <summary>The chain of a supplied DSC (decoded on first sight; cached by content). Throws for a malformed certificate.</summary>
    private (SignerChain Chain, bool Cached) GetChain(ReadOnlySpan<byte> encoded)
    {
        if (_chainLookup.TryGetValue(encoded, out var cached))
        {
            return (cached, true);
        }

        var owned = encoded.ToArray();
        return AddChain(owned, X509CertificateParts.Decode(owned));
    }

    /// <summary>
    /// The embedded certificate the SignerInfo sid names (by SKI, or serial number and equivalent issuer name), as
    /// <see cref="CmsSignedData.FindSignerCertificate"/> finds it, with its chain; undecodable certificates are skipped.
    /// </summary>
    private (SignerChain? Chain, bool Cached) FindEmbeddedSigner(EfSod sod)
    {
        var signer = sod.SignerInfo;
        foreach (var encoded in sod.SignedData.Certificates)
        {
            if (_chainLookup.TryGetValue(encoded.Span, out var cached))
            {
                if (CmsSignedData.Matches(signer, cached.Certificate, out _))
                {
                    return (cached, true);
                }

                continue;
            }

            // Decoded from a private copy: the cached certificate must not share memory with the caller's buffer.
            var owned = encoded.ToArray();
            X509CertificateParts certificate;
            try
            {
                certificate = X509CertificateParts.Decode(owned);
            }
            catch (Icao9303FormatException)
            {
                continue;
            }

            if (CmsSignedData.Matches(signer, certificate, out _))
            {
                return AddChain(owned, certificate);
            }
        }

        return (null, true);
    }

    private (SignerChain Chain, bool Cached) AddChain(byte[] encoded, X509CertificateParts dsc)
    {
        var chain = BuildChain(dsc);
        if (_chains.Count >= MaxCachedSigners)
        {
            // Bounded: beyond the limit the chain serves this call only and its key is disposed after it.
            return _chains.TryGetValue(encoded, out var existing) ? (Discard(chain, existing), true) : (chain, false);
        }

        if (_chains.TryAdd(encoded, chain))
        {
            return (chain, true);
        }

        // Raced with another thread that cached the same certificate: use the winner.
        return _chains.TryGetValue(encoded, out var winner) ? (Discard(chain, winner), true) : (chain, false);
    }

    private static SignerChain Discard(SignerChain loser, SignerChain winner)
    {
        loser.Key?.Dispose();
        return winner;
    }

    private SignerChain BuildChain(X509CertificateParts dsc)
    {
        VerificationKey? key = null;
        string? keyError = null;
        try
        {
            // Ownership passes to the SignerChain: disposed with the authenticator when cached, after the call otherwise.
#pragma warning disable CA2000
            key = VerificationKey.FromSubjectPublicKeyInfo(dsc.SubjectPublicKeyInfo);
#pragma warning restore CA2000
        }
        catch (Icao9303FormatException ex)
        {
            keyError = ex.Message;
        }

        var description = $"{dsc.SubjectName} (serial {dsc.SerialNumberHex}), {key?.Description ?? "unusable key"}";
        var candidates = _trustStore.FindIssuerCandidates(dsc).ToList();
        if (candidates.Count == 0)
        {
            return new SignerChain(dsc, description, key, keyError, null, "chain.no-trust-anchor", $"No CSCA for issuer '{dsc.IssuerName}' is in the trust store.", null, null);
        }

        foreach (var candidate in candidates)
        {
            bool verified;
            try
            {
                verified = SignatureVerifier.VerifyCertificateSignature(dsc, candidate.Key);
            }
            catch (Icao9303FormatException)
            {
                verified = false;
            }

            if (!verified)
            {
                continue;
            }

            var how = dsc.AuthorityKeyIdentifier is { } aki && candidate.Certificate.SubjectKeyIdentifier is { } ski && aki.Span.SequenceEqual(ski.Span)
                ? "AKI/SKI"
                : "issuer name";
            var detail = $"DSC signed by CSCA '{candidate.SubjectName}' (serial {candidate.Certificate.SerialNumberHex}), matched by {how}.";
            var (linkReason, linkDetail) = CheckLink(candidate);
            return new SignerChain(dsc, description, key, keyError, candidate, "chain.valid", detail, linkReason, linkDetail);
        }

        return new SignerChain(dsc, description, key, keyError, null, "chain.signature-invalid",
            $"{candidates.Count} CSCA certificate(s) match the DSC issuer but none verifies its signature.", null, null);
    }

    private (string? Reason, string? Detail) CheckLink(TrustAnchor anchor)
    {
        // A self-signed CSCA needs nothing more. A link certificate (new key signed by the previous CSCA key) is
        // checked against its issuer when that issuer is present in the trust store.
        var certificate = anchor.Certificate;
        if (SafeVerify(certificate, anchor.Key))
        {
            return (null, null);
        }

        foreach (var issuer in _trustStore.FindIssuerCandidates(certificate))
        {
            if (!ReferenceEquals(issuer, anchor) && SafeVerify(certificate, issuer.Key))
            {
                return ("chain.link-valid", $"Link certificate signed by CSCA serial {issuer.Certificate.SerialNumberHex}.");
            }
        }

        return ("chain.link-valid", "Link certificate; its issuing CSCA is not in the trust store, the link certificate itself is trusted.");
    }

    private static bool SafeVerify(X509CertificateParts certificate, VerificationKey key)
    {
        try
        {
            return SignatureVerifier.VerifyCertificateSignature(certificate, key);
        }
        catch (Icao9303FormatException)
        {
            return false;
        }
    }

    private static string DescribeWarning(string code) => code switch
    {
        "sod.ber-encoding" => "EF.SOD uses BER (indefinite lengths); Doc 9303 expects DER.",
        "sod.content-type-id-data" => "eContentType is id-data instead of id-icao-ldsSecurityObject (non-conformant, accepted).",
        "sod.content-type-legacy" => "eContentType is the legacy 1.3.27.1.1.1 (accepted).",
        "sod.no-application-tag" => "The SOD lacks its 0x77 application tag.",
        "cms.signer-issuer-name-differs" => "The SignerInfo issuer name differs in order or encoding from the DSC issuer (matched as equivalent).",
        "cms.signature-algorithm-without-hash" => "SignerInfo signatureAlgorithm is a bare key algorithm; the hash was taken from digestAlgorithm.",
        "cms.signed-attributes-not-der" => "Signed attributes were not DER and were re-encoded for verification.",
        _ => code,
    };

    /// <summary>
    /// What one Document Signer certificate always yields: the certificate (decoded from a private copy), its key, the
    /// chain to a trust anchor, and the check entries that depend on nothing else (immutable, shared between results).
    /// </summary>
    private sealed class SignerChain(
        X509CertificateParts certificate,
        string description,
        VerificationKey? key,
        string? keyError,
        TrustAnchor? anchor,
        string chainReason,
        string chainDetail,
        string? linkReason,
        string? linkDetail)
    {
        public X509CertificateParts Certificate { get; } = certificate;

        public string Description { get; } = description;

        public VerificationKey? Key { get; } = key;

        public string? KeyDescription { get; } = key?.Description;

        public string? KeyError { get; } = keyError;

        public TrustAnchor? Anchor { get; } = anchor;

        public string ChainReason { get; } = chainReason;

        public string ChainDetail { get; } = chainDetail;

        public string? LinkReason { get; } = linkReason;

        public string? LinkDetail { get; } = linkDetail;

        public PassiveAuthenticationCheck DscValidCheck { get; } =
            new("dsc.validity", CheckStatus.Pass, "dsc.valid", $"The DSC is valid {certificate.NotBefore:u}..{certificate.NotAfter:u}.");

        public PassiveAuthenticationCheck? CscaValidCheck { get; } = anchor is null
            ? null
            : new("csca.validity", CheckStatus.Pass, "csca.valid", $"The CSCA is valid {anchor.Certificate.NotBefore:u}..{anchor.Certificate.NotAfter:u}.");
    }

    /// <summary>A CRL verified with an anchor's key, with its fixed "not revoked" check entry.</summary>
    private sealed class AnchorCrl(CertificateRevocationList crl)
    {
        public CertificateRevocationList Crl { get; } = crl;

        public PassiveAuthenticationCheck DscNotRevokedCheck { get; } =
            new("crl.dsc", CheckStatus.Pass, "crl.not-revoked", $"The DSC is not on the CRL of {crl.ThisUpdate:u}.");
    }
}
