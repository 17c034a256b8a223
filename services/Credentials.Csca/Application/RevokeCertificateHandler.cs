using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Contracts.Events.V1;
using Credentials.Storage;
using Google.Protobuf.WellKnownTypes;

namespace Credentials.Csca.Application;

/// <summary>
/// RevokeCertificate: marks the certificate revoked and, in the same transaction, publishes the next CRL of the
/// generation that issued it (Doc 9303 Part 12 §7.1.4: a CRL on every revocation), with both events.
/// </summary>
internal sealed class RevokeCertificateHandler
{
    private readonly CscaIssuing _issuing;
    private readonly IdempotentRequests _requests;

    public RevokeCertificateHandler(CscaIssuing issuing, IdempotentRequests requests)
    {
        _issuing = issuing;
        _requests = requests;
    }

    public Task<RevokeCertificateResponse> HandleAsync(RevokeCertificateRequest request, string caller, CancellationToken cancellationToken) =>
        _requests.RunAsync(request.RequestId, "RevokeCertificate", request, RevokeCertificateResponse.Parser, (record, ct) => RevokeAsync(request, caller, record, ct), cancellationToken);

    private async Task<RevokeCertificateResponse> RevokeAsync(RevokeCertificateRequest request, string caller, IdempotentRequest record, CancellationToken cancellationToken)
    {
        // Refuses reasons a CSCA does not issue (certificateHold, removeFromCRL) before anything changes.
        _ = ContractMapping.ToCrlReason(request.Reason);
        var serial = request.TargetCase == RevokeCertificateRequest.TargetOneofCase.SerialNumber ? request.SerialNumber : null;
        var fingerprint = request.TargetCase == RevokeCertificateRequest.TargetOneofCase.FingerprintSha256 ? request.FingerprintSha256 : null;
        return await _issuing.Store.ExecuteAsync([], async (tx, ct) =>
        {
            var certificate = await tx.FindCertificateForUpdateAsync(serial, fingerprint, ct)
                ?? throw CscaErrors.CertificateNotFound();
            if (certificate.RevokedAt is not null)
            {
                throw CscaErrors.AlreadyRevoked();
            }

            var now = _issuing.TimeProvider.GetUtcNow();
            var revokedAt = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
            var invalidity = request.InvalidityDate?.ToDateTimeOffset();
            await tx.RevokeCertificateAsync(certificate.Fingerprint, revokedAt, request.Reason, invalidity, ct);
            var generations = await tx.GetGenerationsAsync(certificate.CscaId, forUpdate: false, ct);
            var issuer = generations.Single(g => g.Generation == certificate.IssuerGeneration);
            var crl = await _issuing.PublishCrlAsync(tx, issuer, _issuing.Options.CrlNextUpdate, ct);
            var summary = ContractMapping.Summarize(certificate.Der, certificate.Kind, now, revokedAt);
            await tx.WriteEventAsync(
                CscaEventTypes.CertificateRevoked,
                certificate.Fingerprint,
                new CertificateRevoked
                {
                    FingerprintSha256 = certificate.Fingerprint,
                    SerialNumber = certificate.SerialNumber,
                    Issuer = summary.Issuer,
                    Kind = certificate.Kind,
                    Reason = request.Reason,
                    RevokedAt = Timestamp.FromDateTimeOffset(revokedAt),
                    InvalidityDate = invalidity is { } date ? Timestamp.FromDateTimeOffset(date) : null,
                    CscaId = certificate.CscaId,
                    RequestId = request.RequestId,
                    RequestedBy = caller,
                },
                ct);
            var response = new RevokeCertificateResponse
            {
                Certificate = summary,
                RevokedAt = Timestamp.FromDateTimeOffset(revokedAt),
                Crl = ContractMapping.SummarizeCrl(crl.Der),
            };
            await tx.RecordResponseAsync(record, response, ct);
            return response;
        }, cancellationToken);
    }
}
