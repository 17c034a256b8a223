using System.Globalization;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Icao9303.Issuance;
using Credentials.Storage;

namespace Credentials.Csca.Application;

/// <summary>
/// RolloverCsca (Doc 9303 Part 12 §5.1.1): a new CSCA key in the HSM, its self-signed certificate, and a link
/// certificate (new key certified by the previous key). The previous generation becomes SUPERSEDED and keeps
/// signing CRLs for what it issued; the new generation becomes ACTIVE with its first CRL.
/// </summary>
internal sealed class RolloverCscaHandler
{
    private readonly CscaIssuing _issuing;
    private readonly IdempotentRequests _requests;

    public RolloverCscaHandler(CscaIssuing issuing, IdempotentRequests requests)
    {
        _issuing = issuing;
        _requests = requests;
    }

    public Task<RolloverCscaResponse> HandleAsync(RolloverCscaRequest request, string caller, CancellationToken cancellationToken) =>
        _requests.RunAsync(request.RequestId, "RolloverCsca", request, RolloverCscaResponse.Parser, (record, ct) => RolloverAsync(request, caller, record, ct), cancellationToken);

    private async Task<RolloverCscaResponse> RolloverAsync(RolloverCscaRequest request, string caller, IdempotentRequest record, CancellationToken cancellationToken)
    {
        var csca = await _issuing.ResolveAsync(request.CscaId, cancellationToken);
        var generations = await _issuing.Store.GetGenerationsAsync(csca.CscaId, cancellationToken);
        var previous = generations.FirstOrDefault(g => g.State == CscaGenerationState.Active)
            ?? throw CscaErrors.CscaNotActive($"CSCA '{csca.CscaId}' has no active generation.");
        var options = _issuing.Options;
        var now = _issuing.TimeProvider.GetUtcNow();
        var number = generations.Max(g => g.Generation) + 1;
        var keyAlgorithm = request.KeyAlgorithm == KeyAlgorithm.Unspecified ? previous.KeyAlgorithm : ContractMapping.ToVault(request.KeyAlgorithm);
        var scheme = request.SignatureScheme == SignatureScheme.Unspecified && Credentials.KeyVault.KeyAlgorithms.IsRsa(keyAlgorithm) && Credentials.KeyVault.KeyAlgorithms.IsRsa(previous.KeyAlgorithm)
            ? ContractMapping.ToScheme(previous.SignatureKind)
            : request.SignatureScheme;
        var algorithm = ContractMapping.SignatureAlgorithmFor(keyAlgorithm, request.HashAlgorithm, scheme);
        var template = CreateCscaHandler.Template(
            csca,
            string.IsNullOrEmpty(request.SubjectSerialNumber) ? number.ToString(CultureInfo.InvariantCulture) : request.SubjectSerialNumber,
            now,
            request.Validity?.ToTimeSpan() ?? options.CscaValidity,
            request.PrivateKeyUsagePeriod?.ToTimeSpan() ?? options.CscaPrivateKeyUsagePeriod,
            [.. options.CrlDistributionPoints]);
        template.Validate();

        var label = CreateCscaHandler.KeyLabel(csca.CscaId, number);
        var publicKey = await _issuing.EnsureKeyAsync(label, keyAlgorithm, isProtected: true, cancellationToken);
        var selfSigned = await CscaCertificateIssuer.IssueSelfSignedAsync(template, publicKey, _issuing.SignerFor(label, algorithm), _issuing.Random, cancellationToken);
        var link = await CscaCertificateIssuer.IssueLinkAsync(template, publicKey, previous.CertificateDer, _issuing.SignerFor(previous), _issuing.Random, cancellationToken);
        var selfSignedRecord = CscaIssuing.NewCertificate(selfSigned, csca.CscaId, number, number, CertificateKind.Csca, label, request.RequestId, now);
        var linkRecord = CscaIssuing.NewCertificate(link, csca.CscaId, previous.Generation, number, CertificateKind.Link, label, request.RequestId, now);
        var generation = new GenerationRecord(
            csca.CscaId, number, CscaGenerationState.Active, label, keyAlgorithm, algorithm.Kind, algorithm.Hash.Name!, selfSignedRecord.Fingerprint, now, selfSigned);

        return await _issuing.Store.ExecuteAsync([], async (tx, ct) =>
        {
            var locked = await tx.GetGenerationsAsync(csca.CscaId, forUpdate: true, ct);
            if (locked.FirstOrDefault(g => g.State == CscaGenerationState.Active)?.Generation != previous.Generation || locked.Max(g => g.Generation) + 1 != number)
            {
                throw new Credentials.Core.CredentialsException(Credentials.Core.ErrorKind.Aborted, "CONCURRENT_ROLLOVER", "Another rollover of this CSCA committed first; retry.");
            }

            await tx.SetGenerationStateAsync(csca.CscaId, previous.Generation, CscaGenerationState.Superseded, ct);
            await tx.InsertGenerationAsync(generation, ct);
            var current = await _issuing.StoreCertificateAsync(tx, selfSignedRecord, caller, ct);
            var linkSummary = await _issuing.StoreCertificateAsync(tx, linkRecord, caller, ct);
            await _issuing.PublishCrlAsync(tx, generation, options.CrlNextUpdate, ct);
            var response = new RolloverCscaResponse
            {
                Current = CreateCscaHandler.Generation(generation, current, CscaGenerationState.Active),
                Previous = CreateCscaHandler.Generation(
                    previous,
                    ContractMapping.Summarize(previous.CertificateDer, CertificateKind.Csca, now, null),
                    CscaGenerationState.Superseded),
                LinkCertificate = linkSummary,
            };
            await tx.RecordResponseAsync(record, response, ct);
            return response;
        }, cancellationToken);
    }
}
