using Credentials.Contracts.Common.V1;
using Credentials.Icao9303;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Pkd;
using Credentials.Icao9303.X509;

namespace Credentials.Pkd.Application;

/// <summary>
/// Verifies the items of an artifact's units:
/// Master Lists against the source's <see cref="TrustPolicy"/> (CMS signature, signer EKU, signer chained to a pinned
/// CSCA — Doc 9303 Part 12 §9), each DSC against a stored CSCA or link certificate of its issuer's State, each CRL
/// against its CSCA (Part 12 §7.1.4), and every certificate and CRL through the Part 12 profile linter.
/// The units come from <see cref="ArtifactSplit"/>.
/// </summary>
internal static class ArtifactParser
{
    /// <summary>
    /// Decodes and verifies one unit; signature verifications take a slot of <paramref name="gate"/>, and the
    /// certificates of Master Lists are linted once per artifact (<paramref name="lints"/>). Decoding and verification
    /// time is added to <paramref name="timings"/>.
    /// </summary>
    public static async Task<ArtifactUnit> BuildAsync(
        UnitSource source, TrustPolicy trust, ICaCertificateLookup authorities, VerificationGate gate, CertificateLintCache lints, SyncPhaseTimings timings,
        CancellationToken cancellationToken)
    {
        var unit = new ArtifactUnit();
        switch (source)
        {
            case UnitSource.Malformed malformed:
                unit.Reject(malformed.Reason);
                break;
            case UnitSource.MasterList masterList:
                await gate.RunAsync(() => Timed(timings, SyncPhase.Verify, () => BuildMasterList(masterList.ContentInfo, trust, unit, lints)), cancellationToken);
                break;
            case UnitSource.Entries entries:
                await BuildEntriesAsync(entries.Items, authorities, unit, gate, timings, cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(source));
        }

        return unit;
    }

    /// <summary>
    /// Verifies a Master List under the trust policy: first against the pinned certificate files (when any), then
    /// against the list's own CSCAs with the issuing CSCA's (or the signer's) fingerprint pinned.
    /// </summary>
    public static SignedListVerificationResult VerifyMasterList(ReadOnlyMemory<byte> contentInfo, TrustPolicy trust, out bool accepted)
    {
        SignedListVerificationResult? result = null;
        if (trust.Anchors.Count > 0)
        {
            result = SignedListVerifier.VerifyMasterList(contentInfo, trust.Anchors.Select(a => (ReadOnlyMemory<byte>)a));
            if (trust.Accepts(result))
            {
                accepted = true;
                return result;
            }
        }

        var own = SignedListVerifier.VerifyMasterList(contentInfo);
        accepted = trust.Accepts(own);
        return accepted || result is null ? own : result;
    }

    private static bool BuildMasterList(ReadOnlyMemory<byte> contentInfo, TrustPolicy trust, ArtifactUnit unit, CertificateLintCache lints)
    {
        unit.MasterListsProcessed++;
        var result = VerifyMasterList(contentInfo, trust, out var accepted);
        if (!accepted)
        {
            unit.Reject(result.IsValid ? "ml.signer-not-pinned" : result.FailureReason ?? "ml.invalid");
            return false;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var certificate in result.MasterList!.Certificates)
        {
            var profile = CertificateProfileLinter.DetectProfile(certificate);
            var kind = profile switch
            {
                CertificateProfile.Csca => CertificateKind.Csca,
                CertificateProfile.Link => CertificateKind.Link,
                _ => certificate.IsSelfIssued ? CertificateKind.Csca : CertificateKind.Link,
            };
            AddCertificate(unit, seen, lints, certificate, kind, verified: true,
                kind == CertificateKind.Csca ? CertificateProfile.Csca : CertificateProfile.Link);
        }

        var signer = result.SignerCertificate!;
        AddCertificate(unit, seen, lints, signer, CertificateKind.MasterListSigner, verified: true, CertificateProfile.MasterListSigner);
        return true;
    }

    private static async Task BuildEntriesAsync(
        IReadOnlyList<(PkdEntryKind Kind, ReadOnlyMemory<byte> Payload)> items, ICaCertificateLookup authorities, ArtifactUnit unit, VerificationGate gate,
        SyncPhaseTimings timings, CancellationToken cancellationToken)
    {
        // Decode, fetch the candidate issuers per State (the run's cache), then verify every item. The CPU-bound steps
        // each take one worker slot for the whole unit: the units in flight keep the workers busy, and no thread-pool
        // thread waits for a slot (the commits' continuations need those threads).
        var countries = new HashSet<string>(StringComparer.Ordinal);
        var decoded = await gate.RunAsync(() => Timed(timings, SyncPhase.Decode, () => Decode(items, unit, countries)), cancellationToken);
        var candidates = new Dictionary<string, IReadOnlyList<X509CertificateParts>>(StringComparer.Ordinal);
        foreach (var country in countries)
        {
            candidates[country] = await authorities.GetAsync(country, cancellationToken);
        }

        var outcomes = await gate.RunAsync(
            () => Timed(
                timings,
                SyncPhase.Verify,
                () => Array.ConvertAll(decoded, item => item switch
                {
                    CertificateRevocationList crl => BuildCrl(crl, candidates[ContractMapping.CountryOf(crl.Issuer)]),
                    X509CertificateParts certificate => BuildDsc(certificate, candidates[ContractMapping.CountryOf(certificate.Issuer)], gate),
                    _ => (object?)null,
                })),
            cancellationToken);

        var seenCertificates = new HashSet<string>(StringComparer.Ordinal);
        var seenCrls = new HashSet<string>(StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            switch (outcome)
            {
                case CertificateItem certificate when seenCertificates.Add(certificate.Fingerprint):
                    unit.Certificates.Add(certificate);
                    if (!certificate.Verified)
                    {
                        unit.Reject("dsc.issuer-not-found");
                    }

                    break;
                case CrlItem crl when seenCrls.Add(crl.Fingerprint):
                    unit.Crls.Add(crl);
                    if (!crl.Verified)
                    {
                        unit.Reject("crl.issuer-not-verified");
                    }

                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>The unit's certificates and CRLs decoded (null where malformed: rejected) and their issuers' States.</summary>
    private static object?[] Decode(IReadOnlyList<(PkdEntryKind Kind, ReadOnlyMemory<byte> Payload)> items, ArtifactUnit unit, HashSet<string> countries)
    {
        var decoded = new object?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            try
            {
                if (items[i].Kind == PkdEntryKind.Crl)
                {
                    var crl = CertificateRevocationList.Decode(items[i].Payload);
                    decoded[i] = crl;
                    countries.Add(ContractMapping.CountryOf(crl.Issuer));
                }
                else
                {
                    var certificate = X509CertificateParts.Decode(items[i].Payload);
                    decoded[i] = certificate;
                    countries.Add(ContractMapping.CountryOf(certificate.Issuer));
                }
            }
            catch (Icao9303FormatException exception)
            {
                unit.Reject(exception.Reason);
            }
        }

        return decoded;
    }

    private static T Timed<T>(SyncPhaseTimings timings, SyncPhase phase, Func<T> work)
    {
        var started = SyncPhaseTimings.Start();
        var outcome = work();
        timings.Add(phase, started);
        return outcome;
    }

    private static CertificateItem BuildDsc(X509CertificateParts certificate, IReadOnlyList<X509CertificateParts> candidates, VerificationGate gate)
    {
        var issuer = SignedListVerifier.FindIssuer(certificate, candidates, gate.KeyOf);
        var profile = CertificateProfileLinter.DetectProfile(certificate);
        var kind = profile == CertificateProfile.DtcSigner ? CertificateKind.DtcSigner : CertificateKind.DocumentSigner;
        return new CertificateItem(
            TrustPolicy.Fingerprint(certificate.Encoded.Span),
            certificate,
            kind,
            ContractMapping.CountryOf(certificate.Subject),
            issuer is not null,
            Findings(CertificateProfileLinter.Lint(certificate, profile == CertificateProfile.DtcSigner ? profile : CertificateProfile.DocumentSigner)));
    }

    private static CrlItem BuildCrl(CertificateRevocationList crl, IReadOnlyList<X509CertificateParts> candidates)
    {
        var verification = CrlVerifier.Verify(crl, candidates);
        return new CrlItem(
            TrustPolicy.Fingerprint(crl.Encoded.Span),
            crl,
            ContractMapping.CountryOf(crl.Issuer),
            verification.IsValid ? TrustPolicy.Fingerprint(verification.Issuer!.Encoded.Span) : null,
            Findings(CertificateProfileLinter.LintCrl(crl)));
    }

    private static void AddCertificate(
        ArtifactUnit unit, HashSet<string> seen, CertificateLintCache lints, X509CertificateParts certificate, CertificateKind kind, bool verified, CertificateProfile profile)
    {
        var fingerprint = TrustPolicy.Fingerprint(certificate.Encoded.Span);
        if (seen.Add(fingerprint))
        {
            unit.Certificates.Add(new CertificateItem(
                fingerprint, certificate, kind, ContractMapping.CountryOf(certificate.Subject), verified,
                lints.GetOrLint(fingerprint, profile, () => Findings(CertificateProfileLinter.Lint(certificate, profile)))));
        }
    }

    private static List<LintFinding> Findings(LintReport report) =>
        report.Findings.Where(f => f.Severity != LintSeverity.Info).ToList();
}
