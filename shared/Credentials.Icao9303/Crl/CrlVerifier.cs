using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Crl;

/// <summary>
/// Checks CRLs against their issuing CSCA (Doc 9303 Part 12 §7.1.4: CRLs are issued and signed by the CSCA):
/// issuer name equals the CSCA subject, the CRL's AuthorityKeyIdentifier equals the CSCA's SubjectKeyIdentifier
/// (when both are present), and the signature over TBSCertList verifies with the CSCA key
/// (via <see cref="SignatureVerifier"/>). Also checks that CRL numbers increase (RFC 5280 §5.2.3).
/// </summary>
public static class CrlVerifier
{
    /// <summary>Verifies <paramref name="crl"/> against one candidate issuer.</summary>
    public static CrlVerificationResult Verify(CertificateRevocationList crl, X509CertificateParts issuer)
    {
        ArgumentNullException.ThrowIfNull(crl);
        ArgumentNullException.ThrowIfNull(issuer);
        if (!DistinguishedNames.AreEquivalent(crl.Issuer, issuer.Subject))
        {
            return CrlVerificationResult.Fail("crl.issuer-name-mismatch",
                $"CRL issuer '{crl.IssuerName}' is not the certificate subject '{issuer.SubjectName}'.", issuer);
        }

        if (crl.AuthorityKeyIdentifier is { } aki && issuer.SubjectKeyIdentifier is { } ski && !aki.Span.SequenceEqual(ski.Span))
        {
            return CrlVerificationResult.Fail("crl.aki-mismatch",
                $"CRL AuthorityKeyIdentifier {Convert.ToHexString(aki.Span)} differs from the issuer's SubjectKeyIdentifier {Convert.ToHexString(ski.Span)}.", issuer);
        }

        bool verified;
        try
        {
            verified = SignatureVerifier.Verify(crl.SignatureAlgorithm, issuer.SubjectPublicKeyInfo, crl.TbsCertList.Span, crl.SignatureValue.Span);
        }
        catch (Icao9303FormatException ex)
        {
            return CrlVerificationResult.Fail("crl.unsupported-algorithm", ex.Message, issuer);
        }

        return verified
            ? new CrlVerificationResult { Issuer = issuer }
            : CrlVerificationResult.Fail("crl.signature-invalid", "The CRL signature does not verify with the issuer's key.", issuer);
    }

    /// <summary>
    /// Verifies against the first of <paramref name="candidates"/> that verifies it. When none does, the failure of the
    /// most specific candidate is returned (name match beats no match), or <c>crl.issuer-not-found</c>.
    /// </summary>
    public static CrlVerificationResult Verify(CertificateRevocationList crl, IEnumerable<X509CertificateParts> candidates)
    {
        ArgumentNullException.ThrowIfNull(crl);
        ArgumentNullException.ThrowIfNull(candidates);
        CrlVerificationResult? best = null;
        foreach (var candidate in candidates)
        {
            var result = Verify(crl, candidate);
            if (result.IsValid)
            {
                return result;
            }

            if (best is null || (best.FailureReason == "crl.issuer-name-mismatch" && result.FailureReason != "crl.issuer-name-mismatch"))
            {
                best = result;
            }
        }

        return best is null or { FailureReason: "crl.issuer-name-mismatch" }
            ? CrlVerificationResult.Fail("crl.issuer-not-found", $"No candidate certificate is the issuer '{crl.IssuerName}'.")
            : best;
    }

    /// <summary>
    /// True when <paramref name="next"/> may replace <paramref name="previous"/>: same issuer, and a strictly greater
    /// CRL number (RFC 5280 §5.2.3: monotonically increasing). Returns a reason when not.
    /// </summary>
    public static CrlVerificationResult CheckSuccessor(CertificateRevocationList previous, CertificateRevocationList next)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        if (!DistinguishedNames.AreEquivalent(previous.Issuer, next.Issuer))
        {
            return CrlVerificationResult.Fail("crl.issuer-name-mismatch", "The CRLs have different issuers.");
        }

        if (previous.CrlNumber is not { } before || next.CrlNumber is not { } after)
        {
            return CrlVerificationResult.Fail("crl.number-missing", "A CRL without CRLNumber cannot be ordered.");
        }

        if (after <= before)
        {
            return CrlVerificationResult.Fail("crl.number-not-increasing", $"CRL number {after} does not follow {before}.");
        }

        if (next.ThisUpdate < previous.ThisUpdate)
        {
            return CrlVerificationResult.Fail("crl.this-update-regressed", "thisUpdate is earlier than the previous CRL's.");
        }

        return new CrlVerificationResult();
    }
}
