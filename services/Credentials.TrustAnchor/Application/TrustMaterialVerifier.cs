using Credentials.Contracts.Common.V1;
using Credentials.Icao9303;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.X509;

namespace Credentials.TrustAnchor.Application;

/// <summary>
/// The one rule for what may enter the trust store, applied alike to ImportTrustMaterial and to certificates and CRLs
/// arriving by event (docs/trust-anchor.md: trust material is verified, never copied from a sender's summary):
/// <list type="bullet">
/// <item>a CSCA or link certificate must be allowed in that role by <see cref="CertificateRoleRule"/> (a CA certificate
/// with keyUsage keyCertSign, or its named real-world deviations; Doc 9303 Part 12 section 7.1.1);</item>
/// <item>a self-signed CSCA must verify under its own key and is trusted only on a <see cref="TrustBasis"/> or when
/// the store already holds its key;</item>
/// <item>a link certificate (Part 12 section 5: a new CSCA key certified by the old one) must verify under a stored CSCA
/// key, or one accepted earlier in the same batch;</item>
/// <item>a Document Signer certificate must be allowed in the Document Signer role by <see cref="CertificateRoleRule"/>
/// (not a CA, digitalSignature, no EKU of another ICAO role; Part 12 section 7.1.1) and verify under a stored CSCA key;</item>
/// <item>a CRL must verify under a stored CSCA key (Part 12 section 7.1.4; RFC 5280 section 6.3).</item>
/// </list>
/// <paramref name="pending"/> arguments are CA certificates accepted earlier in the same import or event (or by events
/// not yet in the snapshot); they count as stored.
/// </summary>
internal static class TrustMaterialVerifier
{
    public const string NotACa = "NOT_A_CA";
    public const string CscaNotTrusted = "CSCA_NOT_TRUSTED";
    public const string IssuerNotFound = "ISSUER_NOT_FOUND";
    public const string WrongRole = "WRONG_ROLE";
    public const string CrlUntrusted = "CRL_UNTRUSTED";

    /// <summary>A CSCA or link certificate: accepted as <see cref="CertificateKind.Csca"/> (self-signed) or <see cref="CertificateKind.Link"/>.</summary>
    public static TrustMaterialDecision VerifyCaCertificate(
        TrustSnapshot snapshot, X509CertificateParts certificate, TrustBasis basis, IReadOnlyCollection<X509CertificateParts>? pending = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(certificate);
        var selfSigned = CertificateSummaries.IsSelfSigned(certificate);
        var role = CertificateRoleRule.Check(certificate, selfSigned ? CertificateRole.Csca : CertificateRole.Link);
        if (!role.IsAllowed)
        {
            // The role rule tolerates the named real-world deviation of a CSCA whose basicConstraints says cA FALSE but
            // whose keyUsage grants keyCertSign; an end-entity certificate is refused here.
            return TrustMaterialDecision.Reject(NotACa, $"'{certificate.SubjectName}' is not a CA certificate allowed as a {(selfSigned ? "CSCA" : "link certificate")}: {role.Reason}: {role.Detail}");
        }

        if (selfSigned)
        {
            var keyStored = snapshot.Store.Anchors.Any(a => a.Certificate.SubjectPublicKeyInfo.Span.SequenceEqual(certificate.SubjectPublicKeyInfo.Span))
                || (pending?.Any(p => p.SubjectPublicKeyInfo.Span.SequenceEqual(certificate.SubjectPublicKeyInfo.Span)) ?? false);
            return keyStored || basis is not TrustBasis.StoredAnchors
                ? TrustMaterialDecision.Accept(CertificateKind.Csca, asserted: !keyStored)
                : TrustMaterialDecision.Reject(CscaNotTrusted, $"'{certificate.SubjectName}' is a new self-signed CSCA: trusted only on the operator's assertion.");
        }

        if (IssuedByStoredKey(snapshot, certificate, pending))
        {
            return TrustMaterialDecision.Accept(CertificateKind.Link);
        }

        return basis is TrustBasis.OperatorAsserted
            ? TrustMaterialDecision.Accept(CertificateKind.Link, asserted: true)
            : TrustMaterialDecision.Reject(IssuerNotFound, $"'{certificate.SubjectName}' is not self-signed and no stored CSCA key verifies it.");
    }

    /// <summary>A Document Signer certificate (its role, and its signature under a stored CSCA key).</summary>
    public static TrustMaterialDecision VerifyDocumentSigner(TrustSnapshot snapshot, X509CertificateParts certificate, IReadOnlyCollection<X509CertificateParts>? pending = null) =>
        VerifySigner(snapshot, certificate, CertificateRole.DocumentSigner, CertificateKind.DocumentSigner, "Document Signer", pending);

    /// <summary>
    /// A seal (barcode) signer certificate (Doc 9303 Part 13): it must hold the seal signer role and be issued by a stored
    /// CSCA key, like a Document Signer; stored, it lets VerifySeal find the signer a VDS header names by reference.
    /// </summary>
    public static TrustMaterialDecision VerifySealSigner(TrustSnapshot snapshot, X509CertificateParts certificate, IReadOnlyCollection<X509CertificateParts>? pending = null) =>
        VerifySigner(snapshot, certificate, CertificateRole.SealSigner, CertificateKind.SealSigner, "seal signer", pending);

    /// <summary>The one rule for a signer certificate: the role rule for <paramref name="role"/>, then a stored CSCA key that verifies it.</summary>
    private static TrustMaterialDecision VerifySigner(
        TrustSnapshot snapshot, X509CertificateParts certificate, CertificateRole role, CertificateKind kind, string name, IReadOnlyCollection<X509CertificateParts>? pending)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(certificate);
        var decision = CertificateRoleRule.Check(certificate, role);
        if (!decision.IsAllowed)
        {
            return TrustMaterialDecision.Reject(WrongRole, $"'{certificate.SubjectName}' may not act as a {name}: {decision.Reason}: {decision.Detail}");
        }

        return IssuedByStoredKey(snapshot, certificate, pending)
            ? TrustMaterialDecision.Accept(kind)
            : TrustMaterialDecision.Reject(IssuerNotFound, $"No stored CSCA key verifies the {name} certificate '{certificate.SubjectName}'.");
    }

    /// <summary>A CRL: its signature must verify under a stored CSCA key (the CSCA is the CRL issuer, Part 12 section 7.1.4).</summary>
    public static TrustMaterialDecision VerifyCrl(TrustSnapshot snapshot, CertificateRevocationList crl, IReadOnlyCollection<X509CertificateParts>? pending = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(crl);
        var verification = CrlVerifier.Verify(crl, snapshot.Store.Anchors.Select(a => a.Certificate).Concat(pending ?? []));
        return verification.IsValid
            ? TrustMaterialDecision.Accept(CertificateKind.Unspecified)
            : TrustMaterialDecision.Reject(CrlUntrusted, $"The CRL of '{crl.IssuerName}' does not verify under a stored CSCA ({verification.FailureReason}).");
    }

    private static bool IssuedByStoredKey(TrustSnapshot snapshot, X509CertificateParts certificate, IReadOnlyCollection<X509CertificateParts>? pending)
    {
        if (CertificatePaths.FindVerifyingIssuer(snapshot, certificate) is not null)
        {
            return true;
        }

        foreach (var candidate in pending ?? [])
        {
            if (!DistinguishedNames.AreEquivalent(candidate.Subject, certificate.Issuer))
            {
                continue;
            }

            try
            {
                using var key = VerificationKey.FromSubjectPublicKeyInfo(candidate.SubjectPublicKeyInfo);
                if (CertificatePaths.Verifies(certificate, key))
                {
                    return true;
                }
            }
            catch (Icao9303FormatException)
            {
                // A candidate whose key does not decode verifies nothing.
            }
        }

        return false;
    }
}
