using System.Security.Cryptography;
using System.Text;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Icao9303;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Pkd;
using Credentials.Storage;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using CheckStatus = Credentials.Contracts.Common.V1.CheckStatus;

namespace Credentials.TrustAnchor.Application;

/// <summary>
/// ImportTrustMaterial: verifies manually supplied material before it is stored — a CSCA (self-signed; operator
/// assertion <c>explicitly_trusted</c> unless a stored anchor already has its key), a link certificate (must verify
/// under a stored anchor), a CRL (must verify under a stored anchor) or a CSCA Master List (signature, signer EKU
/// 2.23.136.1.1.3, signer chained to a stored anchor of its State, or to a CSCA in the list when explicitly trusted).
/// A certificate bundle or Master List with malformed entries imports the good ones and reports each skipped entry
/// (skipped_entries, findings, rejected_count). One transaction stores the material, bumps the store version and
/// records the response under request_id.
/// </summary>
internal sealed partial class ImportTrustMaterialHandler
{
    /// <summary>The operation recorded with the request_id in the idempotency store.</summary>
    internal const string Operation = "ImportTrustMaterial";

    private readonly IIdempotencyStore _idempotency;
    private readonly ITrustStore _store;
    private readonly TrustSnapshotProvider _snapshots;
    private readonly ITrustMaterialCache _cache;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ImportTrustMaterialHandler> _logger;

    public ImportTrustMaterialHandler(
        IIdempotencyStore idempotency, ITrustStore store, TrustSnapshotProvider snapshots, ITrustMaterialCache cache, TimeProvider timeProvider, ILogger<ImportTrustMaterialHandler> logger)
    {
        _idempotency = idempotency;
        _store = store;
        _snapshots = snapshots;
        _cache = cache;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task<ImportTrustMaterialResponse> HandleAsync(ImportTrustMaterialRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var idempotent = new IdempotentRequest(request.RequestId, Operation, RequestHash(request));
        if (await _idempotency.LookupAsync(idempotent, cancellationToken) is { Status: not IdempotencyStatus.New } previous)
        {
            return Replay(previous, request.RequestId);
        }

        var snapshot = await _snapshots.GetAsync(cancellationToken);
        var now = _timeProvider.GetUtcNow();
        var plan = request.Kind switch
        {
            TrustMaterialKind.CscaCertificate => PlanCsca(snapshot, request),
            TrustMaterialKind.LinkCertificate => PlanLink(snapshot, request),
            TrustMaterialKind.Crl => PlanCrl(snapshot, request),
            TrustMaterialKind.MasterList => PlanMasterList(snapshot, request),
            _ => throw TrustAnchorErrors.FieldInvalid("kind", "must be CSCA_CERTIFICATE, LINK_CERTIFICATE, CRL or MASTER_LIST."),
        };

        var certificates = plan.Certificates.ConvertAll(c => StoredObjects.Certificate(c.Certificate, c.Kind, request.Source, now));
        var crls = plan.Crls.ConvertAll(crl => StoredObjects.Crl(crl, request.Source));
        var stored = await _store.ImportAsync(idempotent, certificates, crls, now, changes => Response(plan, changes, now).ToByteArray(), cancellationToken);
        if (stored is null)
        {
            // A concurrent call with the same request_id won: answer as it did.
            return Replay(await _idempotency.LookupAsync(idempotent, cancellationToken), request.RequestId);
        }

        // The same response the store recorded (Response is deterministic in the plan and what was added).
        var response = Response(plan, stored, now);
        var version = stored.Version;
        LogImported(request.Kind, response.AddedCertificates.Count, response.AddedCrls.Count, response.UnchangedCount, response.RejectedCount, version ?? 0);
        if (version is { } committed)
        {
            await _cache.PublishVersionAsync(committed, cancellationToken);
            await _snapshots.EnsureVersionAsync(committed, cancellationToken);
        }

        return response;
    }

    /// <summary>The response of an import: what the store added, what it had already, what the plan rejected.</summary>
    private static ImportTrustMaterialResponse Response(ImportPlan plan, TrustStoreImport changes, DateTimeOffset now)
    {
        var response = new ImportTrustMaterialResponse { RejectedCount = plan.Rejected };
        response.Findings.AddRange(plan.Findings);
        response.SkippedEntries.AddRange(plan.Skipped);
        for (var i = 0; i < plan.Certificates.Count; i++)
        {
            var (certificate, kind) = plan.Certificates[i];
            if (changes.CertificatesAdded[i])
            {
                response.AddedCertificates.Add(CertificateSummaries.Summarize(certificate, kind, CertificateSummaries.StatusAt(certificate, now, revoked: false)));
            }
            else
            {
                response.UnchangedCount++;
            }
        }

        for (var i = 0; i < plan.Crls.Count; i++)
        {
            if (changes.CrlsAdded[i])
            {
                response.AddedCrls.Add(CertificateSummaries.Summarize(plan.Crls[i]));
            }
            else
            {
                response.UnchangedCount++;
            }
        }

        return response;
    }

    /// <summary>Certificates (DER) from DER or PEM content.</summary>
    public static IReadOnlyList<byte[]> DerObjects(ReadOnlySpan<byte> content, string pemLabel)
    {
        var text = content.Length > 11 && content[..11].SequenceEqual("-----BEGIN "u8) ? Encoding.ASCII.GetString(content) : null;
        if (text is null)
        {
            return [content.ToArray()];
        }

        var result = new List<byte[]>();
        foreach (var field in PemEnumerator(text))
        {
            if (field.Label == pemLabel)
            {
                result.Add(field.Der);
            }
        }

        return result;
    }

    private static IEnumerable<(string Label, byte[] Der)> PemEnumerator(string text)
    {
        var remaining = text.AsMemory();
        while (PemEncoding.TryFind(remaining.Span, out var fields))
        {
            var label = remaining.Span[fields.Label].ToString();
            var der = Convert.FromBase64String(remaining.Span[fields.Base64Data].ToString());
            remaining = remaining[fields.Location.End..];
            yield return (label, der);
        }
    }

    private static ImportPlan PlanCsca(TrustSnapshot snapshot, ImportTrustMaterialRequest request)
    {
        var plan = new ImportPlan();
        var basis = request.ExplicitlyTrusted ? TrustBasis.OperatorAsserted : TrustBasis.StoredAnchors;
        foreach (var certificate in Certificates(request, plan))
        {
            var decision = TrustMaterialVerifier.VerifyCaCertificate(snapshot, certificate, basis, plan.Anchors);
            if (!decision.Accepted)
            {
                if (decision.Reason == TrustMaterialVerifier.NotACa)
                {
                    plan.Rejected++;
                    plan.Findings.Add(Finding("import.certificate", CheckStatus.Fail, decision.Reason, decision.Detail));
                    continue;
                }

                throw TrustAnchorErrors.Untrusted(decision.Reason == TrustMaterialVerifier.CscaNotTrusted ? decision.Detail + " Set explicitly_trusted." : decision.Detail);
            }

            plan.Certificates.Add((certificate, decision.Kind));
            if (decision.Kind == CertificateKind.Link)
            {
                // A CSCA certificate that is not self-signed is a link certificate (Part 12 section 5).
                plan.Findings.Add(Finding("import.csca-is-link", CheckStatus.Warn, "LINK_CERTIFICATE", $"'{certificate.SubjectName}' is not self-signed: stored as a link certificate."));
            }
        }

        return plan.Certificates.Count > 0 ? plan : throw TrustAnchorErrors.Invalid("TRUST_MATERIAL_MALFORMED", "No CA certificate in the content (BasicConstraints cA is not set).");
    }

    private static ImportPlan PlanLink(TrustSnapshot snapshot, ImportTrustMaterialRequest request)
    {
        var plan = new ImportPlan();
        foreach (var certificate in Certificates(request, plan))
        {
            if (!certificate.IsCertificateAuthority)
            {
                throw TrustAnchorErrors.Invalid("TRUST_MATERIAL_MALFORMED", "A link certificate must be a CA certificate (BasicConstraints cA).");
            }

            var decision = TrustMaterialVerifier.VerifyCaCertificate(snapshot, certificate, TrustBasis.StoredAnchors, plan.Anchors);
            if (!decision.Accepted)
            {
                throw TrustAnchorErrors.Untrusted($"No stored CSCA verifies the link certificate '{certificate.SubjectName}'.");
            }

            plan.Certificates.Add((certificate, decision.Kind));
        }

        return plan;
    }

    private static ImportPlan PlanCrl(TrustSnapshot snapshot, ImportTrustMaterialRequest request)
    {
        var plan = new ImportPlan();
        foreach (var der in DerObjects(request.Content.Span, "X509 CRL"))
        {
            CertificateRevocationList crl;
            try
            {
                crl = CertificateRevocationList.Decode(der);
            }
            catch (Icao9303FormatException ex)
            {
                throw TrustAnchorErrors.Malformed("CRL", $"{ex.Reason}: {ex.Message}");
            }

            var decision = TrustMaterialVerifier.VerifyCrl(snapshot, crl);
            if (!decision.Accepted)
            {
                throw TrustAnchorErrors.Untrusted(decision.Detail);
            }

            plan.Crls.Add(crl);
        }

        return plan;
    }

    private static ImportPlan PlanMasterList(TrustSnapshot snapshot, ImportTrustMaterialRequest request)
    {
        var content = request.Content.Memory;
        var anchors = snapshot.Store.Anchors.Select(a => a.Certificate.Encoded).ToList();
        var result = anchors.Count > 0 ? SignedListVerifier.VerifyMasterList(content, anchors) : null;
        if (result is not { IsValid: true })
        {
            if (!request.ExplicitlyTrusted)
            {
                throw result is { SignatureValid: false } || result is null
                    ? TrustAnchorErrors.Untrusted($"The Master List signer does not chain to a stored CSCA ({result?.FailureReason ?? "no anchors"}); set explicitly_trusted to trust it on the operator's assertion.")
                    : TrustAnchorErrors.Untrusted($"The Master List does not verify: {result.FailureReason}: {result.FailureDetail}");
            }

            result = SignedListVerifier.VerifyMasterList(content);
        }

        if (!result.IsValid || result.MasterList is not { } list)
        {
            throw !result.SignatureValid && result.SignerCertificate is null
                ? TrustAnchorErrors.Malformed("Master List", $"{result.FailureReason}: {result.FailureDetail}")
                : TrustAnchorErrors.Untrusted($"The Master List does not verify: {result.FailureReason}: {result.FailureDetail}");
        }

        var plan = new ImportPlan();
        plan.Findings.Add(Finding("import.master-list", CheckStatus.Pass, string.Empty,
            $"Signed by '{result.SignerCertificate?.SubjectName}', chained to '{result.IssuerCertificate?.SubjectName}' ({result.IssuerSource}); {list.Certificates.Count} certificates."));
        foreach (var warning in result.Warnings)
        {
            plan.Findings.Add(Finding("import.master-list", CheckStatus.Warn, VerdictRules.ReasonCode(warning), warning));
        }

        plan.Skip(list.Skipped);

        foreach (var certificate in list.Certificates)
        {
            if (!certificate.IsCertificateAuthority)
            {
                plan.Rejected++;
                plan.Findings.Add(Finding("import.certificate", CheckStatus.Fail, "NOT_A_CA", $"'{certificate.SubjectName}' (serial {certificate.SerialNumberHex}) is not a CA certificate."));
                continue;
            }

            plan.Certificates.Add((certificate, CertificateSummaries.IsSelfSigned(certificate) ? CertificateKind.Csca : CertificateKind.Link));
        }

        return plan;
    }

    /// <summary>
    /// The certificates of a DER or PEM bundle: entries that are not usable certificates are skipped and reported in
    /// the plan (the Master List rule, <see cref="CertificateBundle"/>); content without a usable one is malformed.
    /// </summary>
    private static IReadOnlyList<X509CertificateParts> Certificates(ImportTrustMaterialRequest request, ImportPlan plan)
    {
        CertificateBundle bundle;
        try
        {
            bundle = CertificateBundle.Decode(request.Content.Memory, requireSupportedKey: true);
        }
        catch (Icao9303FormatException ex)
        {
            throw TrustAnchorErrors.Malformed("content", $"{ex.Reason}: {ex.Message}");
        }

        if (bundle.Certificates.Count == 0)
        {
            var first = bundle.Skipped[0];
            throw TrustAnchorErrors.Malformed("certificate", $"{first.Reason}: {first.Message}");
        }

        plan.Skip(bundle.Skipped);
        return bundle.Certificates;
    }

    private static Check Finding(string name, CheckStatus status, string reason, string detail) => new() { Name = name, Status = status, Reason = reason, Detail = detail };

    private static byte[] RequestHash(ImportTrustMaterialRequest request)
    {
        var copy = request.Clone();
        copy.RequestId = string.Empty;
        return SHA256.HashData(copy.ToByteArray());
    }

    private static ImportTrustMaterialResponse Replay(IdempotencyLookup previous, string requestId) =>
        previous.Status == IdempotencyStatus.Replay
            ? ImportTrustMaterialResponse.Parser.ParseFrom(previous.Response)
            : throw TrustAnchorErrors.RequestIdConflict(requestId);

    [LoggerMessage(EventId = 7401, Level = LogLevel.Information,
        Message = "ImportTrustMaterial {Kind}: {Certificates} certificates and {Crls} CRLs added, {Unchanged} unchanged, {Rejected} rejected; store version {Version} (0 = unchanged)")]
    private partial void LogImported(TrustMaterialKind kind, int certificates, int crls, int unchanged, int rejected, long version);

    private sealed class ImportPlan
    {
        public List<(X509CertificateParts Certificate, CertificateKind Kind)> Certificates { get; } = [];

        /// <summary>CA certificates accepted so far (they vouch for later entries of the same content).</summary>
        public IReadOnlyCollection<X509CertificateParts> Anchors => Certificates.Select(c => c.Certificate).ToList();

        public List<CertificateRevocationList> Crls { get; } = [];

        public List<Check> Findings { get; } = [];

        public int Rejected { get; set; }

        public List<SkippedTrustMaterialEntry> Skipped { get; } = [];

        /// <summary>Records skipped entries: each is rejected, reported as a finding and in skipped_entries.</summary>
        public void Skip(IEnumerable<SkippedCertificate> entries)
        {
            foreach (var skipped in entries)
            {
                Rejected++;
                Findings.Add(Finding("import.certificate", CheckStatus.Fail, "TRUST_MATERIAL_MALFORMED", $"Entry {skipped.Index} skipped: {skipped.Reason}: {skipped.Message}"));
                Skipped.Add(new SkippedTrustMaterialEntry { Index = skipped.Index, Reason = skipped.Reason, Detail = skipped.Message });
            }
        }
    }
}
