using Credentials.Icao9303.Crl;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Icao9303;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Icao9303.X509;
using Google.Protobuf;
using CheckStatus = Credentials.Icao9303.PassiveAuthentication.CheckStatus;
using PaTrustAnchor = Credentials.Icao9303.PassiveAuthentication.TrustAnchor;

namespace Credentials.TrustAnchor.Application;

/// <summary>
/// VerifyCertificate: a certificate (typically a DSC) against the store — decoding, Part 12 profile lint, path to a
/// trusted CSCA (directly, through link certificates, or through caller-supplied intermediates that are themselves
/// verified against an anchor), validity, the issuer's validity when the certificate was issued, and CRL status
/// (plus our csca's revocation notices). Same verdict rule as VerifyDocument.
/// </summary>
internal sealed class VerifyCertificateHandler
{
    private readonly TrustSnapshotProvider _snapshots;
    private readonly TimeProvider _timeProvider;

    public VerifyCertificateHandler(TrustSnapshotProvider snapshots, TimeProvider timeProvider)
    {
        _snapshots = snapshots;
        _timeProvider = timeProvider;
    }

    public async Task<VerifyCertificateResponse> HandleAsync(VerifyCertificateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = await _snapshots.GetAsync(cancellationToken);
        var policy = request.Policy ?? new VerificationPolicy();
        var at = request.ValidationTime?.ToDateTimeOffset() ?? _timeProvider.GetUtcNow();
        var checks = new List<PassiveAuthenticationCheck>();
        var response = new VerifyCertificateResponse();

        X509CertificateParts certificate;
        try
        {
            certificate = X509CertificateParts.Decode(request.Certificate.ToByteArray());
            checks.Add(new("certificate.structure", CheckStatus.Pass, "certificate.ok", $"{certificate.SubjectName} (serial {certificate.SerialNumberHex})"));
        }
        catch (Icao9303FormatException ex)
        {
            checks.Add(new("certificate.structure", CheckStatus.Fail, ex.Reason, ex.Message));
            return Finish(response, checks);
        }

        var lint = CertificateProfileLinter.Lint(certificate);
        checks.Add(lint.Findings.Count == 0
            ? new("certificate.profile", CheckStatus.Pass, "profile.conformant", $"Conforms to the Doc 9303 Part 12 {lint.Profile} profile.")
            : new("certificate.profile", CheckStatus.Warn, lint.HasErrors ? "profile.nonconformant" : "profile.deviations",
                string.Join("; ", lint.Findings.Select(f => $"{f.RuleId} ({f.Severity}): {f.Message}"))));

        // Path: the certificate itself is an anchor, or an anchor verifies it, or a supplied intermediate verified by an anchor does.
        var fingerprint = CertificateSummaries.Fingerprint(certificate.Encoded.Span);
        X509CertificateParts? anchor = null;
        var path = new List<X509CertificateParts>();
        if (snapshot.Store.Anchors.FirstOrDefault(a => a.Certificate.Encoded.Span.SequenceEqual(certificate.Encoded.Span)) is { } itself)
        {
            anchor = itself.Certificate;
            checks.Add(new("chain.csca", CheckStatus.Pass, "chain.is-trust-anchor", "The certificate is a trust anchor of the store."));
        }
        else if (CertificatePaths.FindVerifyingIssuer(snapshot, certificate) is { } issuer)
        {
            anchor = issuer.Certificate;
            path.AddRange(CertificatePaths.PathFrom(snapshot, anchor));
            checks.Add(new("chain.csca", CheckStatus.Pass, "chain.valid", $"Signed by trusted '{anchor.SubjectName}' (serial {anchor.SerialNumberHex})."));
        }
        else if (FindThroughIntermediate(snapshot, certificate, request.IntermediateCertificates) is { } via)
        {
            anchor = via.Anchor.Certificate;
            path.Add(via.Intermediate);
            path.AddRange(CertificatePaths.PathFrom(snapshot, anchor));
            checks.Add(new("chain.csca", CheckStatus.Pass, "chain.valid-via-intermediate",
                $"Signed by supplied '{via.Intermediate.SubjectName}', which trusted '{anchor.SubjectName}' certifies."));
        }
        else
        {
            var candidates = snapshot.Store.FindIssuerCandidates(certificate).Count();
            checks.Add(candidates == 0
                ? new("chain.csca", CheckStatus.Fail, "chain.no-trust-anchor", $"No CSCA for issuer '{certificate.IssuerName}' is in the store.", Indeterminate: true)
                : new("chain.csca", CheckStatus.Fail, "chain.signature-invalid", $"{candidates} CSCA certificate(s) match the issuer but none verifies the signature."));
        }

        checks.Add(at < certificate.NotBefore
            ? new("certificate.validity", CheckStatus.Fail, "certificate.not-yet-valid", $"Valid from {certificate.NotBefore:u}; validation time {at:u}.")
            : at > certificate.NotAfter
                ? new("certificate.validity", CheckStatus.Fail, "certificate.expired", $"Expired {certificate.NotAfter:u}; validation time {at:u}.")
                : new("certificate.validity", CheckStatus.Pass, "certificate.valid", $"Valid {certificate.NotBefore:u}..{certificate.NotAfter:u}."));

        if (path.Count > 0)
        {
            var direct = path[0];
            checks.Add(direct.IsValidAt(certificate.NotBefore)
                ? new("issuer.validity", CheckStatus.Pass, "issuer.valid-at-issuance", $"The issuer was valid when the certificate was issued ({certificate.NotBefore:u}).")
                : new("issuer.validity", CheckStatus.Fail, "issuer.not-valid-at-issuance", $"The issuer ({direct.NotBefore:u}..{direct.NotAfter:u}) was not valid at {certificate.NotBefore:u}."));
        }

        var revoked = AddRevocationChecks(checks, snapshot, certificate, fingerprint, anchor, path, at, policy.RequireCrl);
        AnchorListingChecks.Apply(checks, snapshot, path);
        response.Certificate = snapshot.Summary(certificate, CertificateSummaries.StatusAt(certificate, at, revoked));
        foreach (var element in path)
        {
            response.CertificatePath.Add(snapshot.Summary(element, CertificateSummaries.StatusAt(element, at, revoked: false)));
        }

        return Finish(response, checks);
    }

    private static bool AddRevocationChecks(
        List<PassiveAuthenticationCheck> checks, TrustSnapshot snapshot, X509CertificateParts certificate, string fingerprint,
        X509CertificateParts? anchor, List<X509CertificateParts> path, DateTimeOffset at, bool requireCrl)
    {
        var revoked = false;
        if (snapshot.RevokedFingerprints.Contains(fingerprint))
        {
            checks.Add(new("revocation.notice", CheckStatus.Fail, "revocation.notice", "The issuing csca announced this certificate revoked (certificate.revoked event)."));
            revoked = true;
        }

        // The CRL that covers the certificate is the one of the key that signed it: the first element of the path.
        var signer = path.Count > 0 ? path[0] : null;
        if (anchor is null || signer is null)
        {
            checks.Add(new("crl.certificate", CheckStatus.Skip, anchor is null ? "chain.no-trust-anchor" : "crl.not-applicable",
                anchor is null ? "No trusted issuer: revocation cannot be checked." : "A trust anchor is not checked against a CRL here.", Indeterminate: anchor is null));
            return revoked;
        }

        var signerAnchor = snapshot.Store.Anchors.FirstOrDefault(a => a.Certificate.Encoded.Span.SequenceEqual(signer.Encoded.Span));
        var crls = signerAnchor is null ? [] : snapshot.CrlsOf(signerAnchor);
        var current = CrlSelection.Newest(crls, at);
        if (current is null)
        {
            checks.Add(new("crl.certificate", requireCrl ? CheckStatus.Fail : CheckStatus.Warn, "crl.missing",
                $"No CRL of '{signer.SubjectName}' valid at {at:u} is in the store.", Indeterminate: requireCrl));
            return revoked;
        }

        var entry = current.FindRevoked(certificate.SerialNumber.Span);
        if (entry is not null && entry.RevocationDate <= at)
        {
            checks.Add(new("crl.certificate", CheckStatus.Fail, "crl.revoked", $"Revoked {entry.RevocationDate:u} (CRL of {current.ThisUpdate:u})."));
            return true;
        }

        checks.Add(current.IsExpiredAt(at)
            ? new("crl.certificate", requireCrl ? CheckStatus.Fail : CheckStatus.Warn, "crl.stale", $"The newest CRL's nextUpdate {current.NextUpdate:u} is before {at:u}.", Indeterminate: requireCrl)
            : new("crl.certificate", CheckStatus.Pass, "crl.not-revoked", $"Not on the CRL of {current.ThisUpdate:u}."));
        return revoked;
    }

    private static (X509CertificateParts Intermediate, PaTrustAnchor Anchor)? FindThroughIntermediate(
        TrustSnapshot snapshot, X509CertificateParts certificate, IEnumerable<ByteString> intermediates)
    {
        foreach (var encoded in intermediates)
        {
            X509CertificateParts intermediate;
            try
            {
                intermediate = X509CertificateParts.Decode(encoded.ToByteArray());
            }
            catch (Icao9303FormatException)
            {
                continue;
            }

            if (!intermediate.IsCertificateAuthority || !DistinguishedNames.AreEquivalent(intermediate.Subject, certificate.Issuer))
            {
                continue;
            }

            try
            {
                using var key = VerificationKey.FromSubjectPublicKeyInfo(intermediate.SubjectPublicKeyInfo);
                if (CertificatePaths.Verifies(certificate, key) && CertificatePaths.FindVerifyingIssuer(snapshot, intermediate) is { } anchor)
                {
                    return (intermediate, anchor);
                }
            }
            catch (Icao9303FormatException)
            {
                // An unusable intermediate key: try the next one.
            }
        }

        return null;
    }

    private static VerifyCertificateResponse Finish(VerifyCertificateResponse response, List<PassiveAuthenticationCheck> checks)
    {
        response.Verdict = VerdictRules.ToContract(PassiveAuthenticationVerdictRule.Of(checks));
        foreach (var check in checks)
        {
            response.Checks.Add(VerdictRules.ToContract(check));
        }

        return response;
    }
}
