using Credentials.Icao9303.Cms;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Sod;

namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>
/// The signature checks of Passive Authentication: SOD structure, messageDigest and SignerInfo signature (RFC 5652
/// §5.4, §11.2; Doc 9303 Part 10 §4.6.2), and the algorithm policy (Doc 9303 Part 12 §4).
/// </summary>
internal static class SignatureChecks
{
    private static readonly PassiveAuthenticationCheck MessageDigestMatches = new("sod.message-digest", CheckStatus.Pass, "cms.message-digest-match", "messageDigest equals the digest of the LDSSecurityObject.");

    public static string DescribeStructure(LdsSecurityObject lso)
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

    /// <summary>The messageDigest and signature checks of a verification with <paramref name="chain"/>'s key.</summary>
    public static void AddSignatureChecks(List<PassiveAuthenticationCheck> checks, CmsSignerVerification verification, SignerChain chain)
    {
        switch (verification.MessageDigestMatches)
        {
            case true:
                checks.Add(MessageDigestMatches);
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
            checks.Add(chain.SignatureValidCheck(verification.Algorithm!.Name));
        }
        else if (verification.MessageDigestMatches == false)
        {
            checks.Add(new("sod.signature", CheckStatus.Skip, "cms.message-digest-mismatch", "Not verified: the content does not match messageDigest."));
        }
        else
        {
            checks.Add(new("sod.signature", CheckStatus.Fail, verification.FailureReason ?? "cms.signature-invalid", verification.FailureDetail ?? "The SOD signature does not verify."));
        }

        var warnings = verification.Warnings;
        for (var i = 0; i < warnings.Count; i++)
        {
            var warning = warnings[i];
            if (warning != "cms.no-signed-attributes")
            {
                checks.Add(new("sod.conformance", CheckStatus.Warn, warning, DescribeWarning(warning)));
            }
        }
    }

    public static void AddAlgorithmCheck(List<PassiveAuthenticationCheck> checks, EfSod sod, SignerChain? chain, PassiveAuthenticationPolicy policy)
    {
        var findings = false;
        var dscKey = chain?.Key;
        var usesSha1 = sod.SecurityObject.HashAlgorithmOid == Oids.Sha1 || sod.SignerInfo.DigestAlgorithmOid == Oids.Sha1
            || sod.SignerInfo.SignatureAlgorithmOid is Oids.Sha1WithRsa or Oids.EcdsaWithSha1;
        if (usesSha1)
        {
            checks.Add(new("algorithm.policy", policy.RejectSha1 ? CheckStatus.Fail : CheckStatus.Warn, "algorithm.sha1", "SHA-1 is used for data group hashes or the SOD signature (deprecated by Doc 9303 Part 12 section 4.1)."));
            findings = true;
        }

        if (dscKey is { IsRsa: true } && dscKey.KeySizeBits < policy.MinimumRsaBits)
        {
            checks.Add(new("algorithm.policy", CheckStatus.Warn, "algorithm.weak-key", $"DSC key {chain!.KeyDescription} is below {policy.MinimumRsaBits} bits."));
            findings = true;
        }

        if (!findings)
        {
            checks.Add(dscKey is null
                ? new("algorithm.policy", CheckStatus.Pass, "algorithm.ok", $"{DigestAlgorithms.GetName(sod.SecurityObject.HashAlgorithmOid)} and unknown key meet the policy.")
                : chain!.AlgorithmOkCheck(sod.SecurityObject.HashAlgorithmOid));
        }
    }

    public static string DescribeWarning(string code) => code switch
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
}
