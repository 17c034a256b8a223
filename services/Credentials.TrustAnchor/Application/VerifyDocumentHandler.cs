using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Icao9303.Sod;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using CheckStatus = Credentials.Icao9303.PassiveAuthentication.CheckStatus;
using HashAlgorithm = Credentials.Contracts.Common.V1.HashAlgorithm;

namespace Credentials.TrustAnchor.Application;

/// <summary>
/// VerifyDocument: Passive Authentication (Doc 9303 Part 11 section 5.1) of what a terminal read, by the suite's one
/// engine over the current snapshot as its trust source (stored DSCs, CRLs across key rollovers and <c>certificate.revoked</c>
/// notices included); the response carries the engine's checks and verdict unchanged. Logs carry the SHA-256 of the
/// SOD only (never data group content, MRZ or names).
/// </summary>
internal sealed partial class VerifyDocumentHandler
{
    private readonly TrustSnapshotProvider _snapshots;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<VerifyDocumentHandler> _logger;
    private readonly Counter<long> _verifications;

    public VerifyDocumentHandler(TrustSnapshotProvider snapshots, TimeProvider timeProvider, IMeterFactory meterFactory, ILogger<VerifyDocumentHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _snapshots = snapshots;
        _timeProvider = timeProvider;
        _logger = logger;
        // Meters created by the factory are owned and disposed by it.
#pragma warning disable CA2000
        var meter = meterFactory.Create("Credentials.TrustAnchor");
#pragma warning restore CA2000
        _verifications = meter.CreateCounter<long>("credentials.trust_anchor.document_verifications", description: "VerifyDocument calls by verdict");
    }

    public async Task<VerifyDocumentResponse> HandleAsync(VerifyDocumentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = await _snapshots.GetAsync(cancellationToken);
        var policy = request.Policy ?? new VerificationPolicy();
        var validationTime = request.ValidationTime?.ToDateTimeOffset() ?? _timeProvider.GetUtcNow();
        var dataGroups = new Dictionary<int, ReadOnlyMemory<byte>>(request.DataGroups.Count);
        foreach (var group in request.DataGroups)
        {
            dataGroups[group.Number] = group.Content.Memory;
        }

        var paRequest = new PassiveAuthenticationRequest
        {
            EfSod = request.SecurityObject.Memory,
            DataGroups = dataGroups,
            ValidationTime = validationTime,
            PrintedMrz = string.IsNullOrEmpty(request.PrintedMrz) ? null : request.PrintedMrz,
            ActiveAuthenticationChallenge = request.ActiveAuthentication is { Challenge.IsEmpty: false } aa ? (ReadOnlyMemory<byte>?)aa.Challenge.Memory : null,
            ActiveAuthenticationSignature = request.ActiveAuthentication is { Signature.IsEmpty: false } ab ? (ReadOnlyMemory<byte>?)ab.Signature.Memory : null,
        };

        // One engine, one verdict: the snapshot is the trust source (anchors, CRLs, stored DSCs, revocation notices).
        var authenticator = snapshot.Authenticator(policy.RequireCrl, policy.RejectSha1, policy.RequireActiveAuthentication);
        var result = authenticator.Verify(paRequest);
        IReadOnlyList<PassiveAuthenticationCheck> checks = result.Checks;
        var verdict = result.Verdict;
        if (result.Csca is { } anchor && snapshot.UnlistedFingerprints.Count > 0)
        {
            // A path through an anchor its PKD source no longer lists stays usable, with a warning (AnchorListingChecks);
            // the verdict is then re-graded by the one verdict rule.
            var withListing = result.Checks.ToList();
            AnchorListingChecks.Apply(withListing, snapshot, CertificatePaths.PathFrom(snapshot, anchor));
            checks = withListing;
            verdict = PassiveAuthenticationVerdictRule.Of(withListing);
        }

        var response = new VerifyDocumentResponse
        {
            Verdict = VerdictRules.ToContract(verdict),
            ValidatedAt = Timestamp.FromDateTimeOffset(validationTime),
        };
        foreach (var check in checks)
        {
            response.Checks.Add(VerdictRules.ToContract(check));
        }

        var sodSha256 = Convert.ToHexStringLower(SHA256.HashData(request.SecurityObject.Span));
        if (result.Sod is { } sod)
        {
            response.SecurityObject = Summarize(sod, sodSha256);
        }

        if (result.DocumentSigner is { } signer)
        {
            var revoked = false;
            foreach (var check in checks)
            {
                revoked |= check.Reason is "crl.revoked" or "revocation.notice" && check.Name is "crl.dsc" or "revocation.notice";
            }

            response.DocumentSignerCertificate = snapshot.Summary(signer, CertificateSummaries.StatusAt(signer, validationTime, revoked));
        }

        if (result.Csca is { } csca)
        {
            foreach (var element in snapshot.PathSummaries(csca))
            {
                var copy = element.Clone();
                copy.Status = StatusAt(copy, validationTime);
                response.CertificatePath.Add(copy);
            }
        }

        _verifications.Add(1, new KeyValuePair<string, object?>("verdict", VerdictRules.MetricTag(response.Verdict)));
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var dscFingerprint = result.DocumentSigner is { } dsc ? snapshot.FingerprintOf(dsc) : "-";
            LogVerified(sodSha256, response.Verdict, dscFingerprint, snapshot.Version);
        }

        return response;
    }

    private static CertificateStatus StatusAt(Certificate certificate, DateTimeOffset at) =>
        at < certificate.NotBefore.ToDateTimeOffset() ? CertificateStatus.NotYetValid
        : at > certificate.NotAfter.ToDateTimeOffset() ? CertificateStatus.Expired
        : CertificateStatus.Valid;

    private static SecurityObjectSummary Summarize(EfSod sod, string sha256)
    {
        var lso = sod.SecurityObject;
        var summary = new SecurityObjectSummary
        {
            HashAlgorithm = lso.HashAlgorithmOid switch
            {
                Oids.Sha1 => HashAlgorithm.Sha1,
                Oids.Sha224 => HashAlgorithm.Sha224,
                Oids.Sha256 => HashAlgorithm.Sha256,
                Oids.Sha384 => HashAlgorithm.Sha384,
                Oids.Sha512 => HashAlgorithm.Sha512,
                _ => HashAlgorithm.Unspecified,
            },
            LdsVersion = lso.VersionInfo?.LdsVersion ?? string.Empty,
            UnicodeVersion = lso.VersionInfo?.UnicodeVersion ?? string.Empty,
            SecurityObjectSha256 = sha256,
        };
        var numbers = new int[lso.DataGroupHashes.Count];
        for (var i = 0; i < numbers.Length; i++)
        {
            numbers[i] = lso.DataGroupHashes[i].DataGroupNumber;
        }

        Array.Sort(numbers);
        summary.DataGroupNumbers.AddRange(numbers);
        return summary;
    }

    [LoggerMessage(EventId = 7301, Level = LogLevel.Debug, Message = "VerifyDocument sod={SodSha256} verdict={Verdict} dsc={DscFingerprint} store=v{Version}")]
    private partial void LogVerified(string sodSha256, Verdict verdict, string dscFingerprint, long version);
}
