using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Issuance;
using Credentials.Storage;

namespace Credentials.Csca.Application;

/// <summary>
/// IssueSignerCertificate: a Part 12 signer certificate (Document, DTC, Master List or Deviation List Signer) from a
/// verified PKCS#10 request, signed by the lineage's ACTIVE generation in the HSM.
/// </summary>
internal sealed class IssueSignerCertificateHandler
{
    private readonly CscaIssuing _issuing;
    private readonly IdempotentRequests _requests;

    public IssueSignerCertificateHandler(CscaIssuing issuing, IdempotentRequests requests)
    {
        _issuing = issuing;
        _requests = requests;
    }

    public Task<IssueSignerCertificateResponse> HandleAsync(IssueSignerCertificateRequest request, string caller, CancellationToken cancellationToken) =>
        _requests.RunAsync(
            request.RequestId,
            "IssueSignerCertificate",
            request,
            IssueSignerCertificateResponse.Parser,
            (record, ct) => IssueAsync(request, caller, record, ct),
            cancellationToken);

    public static (SignerCertificateKind Kind, CertificateKind CertificateKind) Kinds(SignerKind kind) => kind switch
    {
        SignerKind.DocumentSigner => (SignerCertificateKind.DocumentSigner, CertificateKind.DocumentSigner),
        SignerKind.DtcSigner => (SignerCertificateKind.DtcSigner, CertificateKind.DtcSigner),
        SignerKind.MasterListSigner => (SignerCertificateKind.MasterListSigner, CertificateKind.MasterListSigner),
        SignerKind.DeviationListSigner => (SignerCertificateKind.DeviationListSigner, CertificateKind.DeviationListSigner),
        SignerKind.SealSigner => (SignerCertificateKind.SealSigner, CertificateKind.SealSigner),
        _ => throw CscaErrors.FieldRequired("signer_kind"),
    };

    /// <summary>
    /// The signer template with the per-kind defaults; a default validity is cut at the CSCA's notAfter, an explicit
    /// one that ends later is refused.
    /// </summary>
    public SignerCertificateTemplate Template(
        SignerCertificateKind kind, DateTimeOffset now, TimeSpan? validity, TimeSpan? keyUsage, IEnumerable<string> documentTypes, byte[] issuerCertificate)
    {
        var options = _issuing.Options;
        var listSigner = kind is SignerCertificateKind.MasterListSigner or SignerCertificateKind.DeviationListSigner;
        var issuerNotAfter = X509CertificateParts.Decode(issuerCertificate).NotAfter;
        var notAfter = now + (validity ?? (listSigner ? options.ListSignerValidity : options.DocumentSignerValidity));
        if (validity is null && notAfter > issuerNotAfter)
        {
            notAfter = issuerNotAfter;
        }

        var usageEnd = now + (keyUsage ?? (listSigner ? options.ListSignerPrivateKeyUsagePeriod : options.DocumentSignerPrivateKeyUsagePeriod));
        if (keyUsage is null && usageEnd > notAfter)
        {
            usageEnd = notAfter;
        }

        return new SignerCertificateTemplate
        {
            Kind = kind,
            NotBefore = now,
            NotAfter = notAfter,
            PrivateKeyUsageNotBefore = now,
            PrivateKeyUsageNotAfter = usageEnd,
            DocumentTypes = kind is SignerCertificateKind.DocumentSigner or SignerCertificateKind.DtcSigner or SignerCertificateKind.SealSigner ? documentTypes.ToList() : [],
            CrlDistributionPoints = [.. options.CrlDistributionPoints],
        };
    }

    private async Task<IssueSignerCertificateResponse> IssueAsync(
        IssueSignerCertificateRequest request, string caller, IdempotentRequest record, CancellationToken cancellationToken)
    {
        var csca = await _issuing.ResolveAsync(request.CscaId, cancellationToken);
        var active = (await _issuing.Store.GetGenerationsAsync(csca.CscaId, cancellationToken)).FirstOrDefault(g => g.State == CscaGenerationState.Active)
            ?? throw CscaErrors.CscaNotActive($"CSCA '{csca.CscaId}' has no active generation.");
        var (kind, certificateKind) = Kinds(request.SignerKind);
        var now = _issuing.TimeProvider.GetUtcNow();
        var template = Template(kind, now, request.Validity?.ToTimeSpan(), request.PrivateKeyUsagePeriod?.ToTimeSpan(), request.DocumentTypes, active.CertificateDer);
        var der = await SignerCertificateIssuer.IssueAsync(
            request.CsrDer.Memory, template, active.CertificateDer, _issuing.SignerFor(active), now, _issuing.Random, cancellationToken);
        var certificate = CscaIssuing.NewCertificate(der, csca.CscaId, active.Generation, null, certificateKind, null, request.RequestId, now);

        return await _issuing.Store.ExecuteAsync([], async (tx, ct) =>
        {
            var summary = await _issuing.StoreCertificateAsync(tx, certificate, caller, ct);
            var response = new IssueSignerCertificateResponse
            {
                Certificate = summary,
                IssuerCertificate = ContractMapping.Summarize(active.CertificateDer, CertificateKind.Csca, now, null),
            };
            await tx.RecordResponseAsync(record, response, ct);
            return response;
        }, cancellationToken);
    }
}
