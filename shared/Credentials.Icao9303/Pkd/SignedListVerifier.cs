using Credentials.Icao9303.Cms;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.X509;

namespace Credentials.Icao9303.Pkd;

/// <summary>
/// Verifies the CMS-signed ICAO lists of Doc 9303 Part 12 §9 on top of <see cref="CmsSignedData"/> and
/// <see cref="SignatureVerifier"/>:
/// CSCA Master Lists (eContentType 2.23.136.1.1.2, signer EKU id-icao-cscaMasterListSigningKey 2.23.136.1.1.3) and
/// Deviation Lists (eContentType 2.23.136.1.1.7, signer EKU id-icao-deviationListSigningKey 2.23.136.1.1.8).
/// A list is valid when exactly one SignerInfo verifies (messageDigest and signature), the signer certificate carries
/// the EKU, and the signer certificate verifies under a CSCA of the signer's State — taken from
/// <c>trustAnchors</c> when given, otherwise (Master Lists only) from the list's own certificates.
/// Malformed input never throws: it yields a result with a reason.
/// </summary>
public static class SignedListVerifier
{
    /// <summary>Verifies a CSCA Master List (CMS ContentInfo bytes, DER or BER).</summary>
    public static SignedListVerificationResult VerifyMasterList(ReadOnlyMemory<byte> contentInfo, IEnumerable<ReadOnlyMemory<byte>>? trustAnchors = null) =>
        VerifyMasterList(contentInfo, trustAnchors, progress: null);

    /// <summary>Verifies a CSCA Master List, reporting its stages and the decoded entries to <paramref name="progress"/> (synchronously).</summary>
    public static SignedListVerificationResult VerifyMasterList(ReadOnlyMemory<byte> contentInfo, IEnumerable<ReadOnlyMemory<byte>>? trustAnchors, IProgress<SignedListProgress>? progress)
    {
        CscaMasterList? list = null;
        var result = Verify(contentInfo, trustAnchors, "ml", Oids.CscaMasterList, CertificateRole.MasterListSigner,
            content =>
            {
                list = CscaMasterList.Decode(content, progress);
                return list.Certificates;
            },
            progress);
        var warnings = list is { Skipped.Count: > 0 }
            ? result.Warnings.Append($"ml.skipped-certificates:{list.Skipped.Count}").ToArray()
            : result.Warnings;
        return result with { MasterList = list, Warnings = warnings };
    }

    /// <summary>Verifies a Deviation List; its signer must chain to one of <paramref name="trustAnchors"/>.</summary>
    public static SignedListVerificationResult VerifyDeviationList(ReadOnlyMemory<byte> contentInfo, IEnumerable<ReadOnlyMemory<byte>> trustAnchors)
    {
        DeviationList? list = null;
        var result = Verify(contentInfo, trustAnchors, "dl", Oids.DeviationList, CertificateRole.DeviationListSigner,
            content =>
            {
                list = DeviationList.Decode(content);
                return [];
            },
            progress: null);
        return result with { DeviationList = list };
    }

    private static SignedListVerificationResult Verify(
        ReadOnlyMemory<byte> contentInfo,
        IEnumerable<ReadOnlyMemory<byte>>? trustAnchors,
        string prefix,
        string eContentType,
        CertificateRole role,
        Func<ReadOnlyMemory<byte>, IReadOnlyList<X509CertificateParts>> decodeContent,
        IProgress<SignedListProgress>? progress)
    {
        CmsSignedData cms;
        IReadOnlyList<X509CertificateParts> inner;
        try
        {
            cms = CmsSignedData.Decode(contentInfo);
            if (cms.EContentType != eContentType)
            {
                return Fail($"{prefix}.wrong-content-type", $"eContentType is {cms.EContentType}, expected {eContentType}.");
            }

            if (cms.EContent is not { } content)
            {
                return Fail($"{prefix}.no-content", "The SignedData has no eContent.");
            }

            inner = decodeContent(content);
        }
        catch (Icao9303FormatException ex)
        {
            return Fail(ex.Reason, ex.Message);
        }

        if (cms.SignerInfos.Count != 1)
        {
            return Fail($"{prefix}.signer-count", $"Expected exactly one SignerInfo, found {cms.SignerInfos.Count}.");
        }

        progress?.Report(new SignedListProgress(SignedListProgress.Signature, 0, 1));
        var verification = cms.VerifySigner(cms.SignerInfos[0]);
        var warnings = verification.Warnings.ToList();
        if (!verification.IsValid)
        {
            return new SignedListVerificationResult
            {
                FailureReason = verification.FailureReason,
                FailureDetail = verification.FailureDetail,
                SignerCertificate = verification.SignerCertificate,
                Warnings = warnings,
            };
        }

        // Doc 9303 Part 12 §7.1.1 Table 6: a Master List only by a Master List Signer, a Deviation List only by a
        // Deviation List Signer (the suite's one role rule).
        var signer = verification.SignerCertificate!;
        var decision = CertificateRoleRule.Check(signer, role);
        if (!decision.IsAllowed)
        {
            return new SignedListVerificationResult
            {
                SignatureValid = true,
                FailureReason = decision.Reason == CertificateRoleRule.ExtendedKeyUsageMissing ? $"{prefix}.signer-eku-missing" : decision.Reason,
                FailureDetail = decision.Detail,
                SignerCertificate = signer,
                Warnings = warnings,
            };
        }

        var signerCountry = CscaMasterList.CountryOf(signer);
        List<X509CertificateParts> candidates;
        string source;
        var anchors = trustAnchors?.ToList();
        if (anchors is { Count: > 0 })
        {
            candidates = [];
            foreach (var anchor in anchors)
            {
                try
                {
                    candidates.Add(X509CertificateParts.Decode(anchor));
                }
                catch (Icao9303FormatException ex)
                {
                    warnings.Add($"{prefix}.trust-anchor-unreadable:{ex.Reason}");
                }
            }

            source = "trust";
        }
        else
        {
            candidates = inner.ToList();
            source = "list";
        }

        progress?.Report(new SignedListProgress(SignedListProgress.Chain, 0, candidates.Count));
        var issuer = FindIssuer(signer, candidates.Where(c => string.Equals(CscaMasterList.CountryOf(c), signerCountry, StringComparison.Ordinal)
            && CertificateRoleRule.Check(c, CertificateRole.Csca).IsAllowed));
        if (issuer is null)
        {
            return new SignedListVerificationResult
            {
                SignatureValid = true,
                FailureReason = $"{prefix}.signer-not-chained",
                FailureDetail = source == "trust"
                    ? $"The signer ({signer.SubjectName}) does not verify under any given trust anchor of State {signerCountry}."
                    : $"The signer ({signer.SubjectName}) does not verify under any CSCA of State {signerCountry} in the list.",
                SignerCertificate = signer,
                Warnings = warnings,
            };
        }

        return new SignedListVerificationResult
        {
            SignatureValid = true,
            SignerChained = true,
            SignerCertificate = signer,
            IssuerCertificate = issuer,
            IssuerSource = source,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// The first CA certificate whose subject matches <paramref name="certificate"/>'s issuer (and whose SKI matches its
    /// AKI when both exist) and whose key verifies its signature.
    /// </summary>
    public static X509CertificateParts? FindIssuer(X509CertificateParts certificate, IEnumerable<X509CertificateParts> candidates) =>
        FindIssuer(certificate, candidates, keyOf: null);

    /// <summary>
    /// <see cref="FindIssuer(X509CertificateParts, IEnumerable{X509CertificateParts})"/> with each candidate's key from
    /// <paramref name="keyOf"/> (a cache the caller owns and disposes: decoding a key costs about as much as a
    /// verification, so a caller checking many certificates under few CAs prepares each CA key once); null decodes and
    /// disposes a key per candidate.
    /// </summary>
    public static X509CertificateParts? FindIssuer(
        X509CertificateParts certificate, IEnumerable<X509CertificateParts> candidates, Func<X509CertificateParts, VerificationKey>? keyOf)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(candidates);
        foreach (var candidate in candidates)
        {
            if (!DistinguishedNames.AreEquivalent(candidate.Subject, certificate.Issuer))
            {
                continue;
            }

            if (certificate.AuthorityKeyIdentifier is { } aki && candidate.SubjectKeyIdentifier is { } ski && !aki.Span.SequenceEqual(ski.Span))
            {
                continue;
            }

            try
            {
                if (keyOf is null ? VerifiesWithOwnKey(certificate, candidate) : SignatureVerifier.VerifyCertificateSignature(certificate, keyOf(candidate)))
                {
                    return candidate;
                }
            }
            catch (Icao9303FormatException)
            {
                // An unusable candidate key or algorithm: try the next candidate.
            }
        }

        return null;
    }

    private static bool VerifiesWithOwnKey(X509CertificateParts certificate, X509CertificateParts candidate)
    {
        using var key = VerificationKey.FromSubjectPublicKeyInfo(candidate.SubjectPublicKeyInfo);
        return SignatureVerifier.VerifyCertificateSignature(certificate, key);
    }

    private static SignedListVerificationResult Fail(string reason, string detail) =>
        new() { FailureReason = reason, FailureDetail = detail };
}
