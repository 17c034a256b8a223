using Credentials.Contracts.Csca.V1;
using Credentials.Core;
using Credentials.Dtc.Application;
using Credentials.Grpc;
using Credentials.SignerKeys;

namespace Credentials.Dtc.Infrastructure;

/// <summary>
/// csca's IssueSignerCertificate (<see cref="CscaSignerCertificateIssuer"/>, identity <c>spiffe://credentials/dtc</c>)
/// with its failures as dtc's domain errors: IssueDtc answers them, so the caller learns that no DTC Signer certificate
/// can be had, not csca's own status.
/// </summary>
internal sealed class DtcSignerCertificateIssuer : ISignerCertificateIssuer
{
    private readonly CscaSignerCertificateIssuer _csca;

    public DtcSignerCertificateIssuer(CscaSignerCertificateIssuer csca)
    {
        _csca = csca;
    }

    public async Task<IssueSignerCertificateResponse> IssueAsync(IssueSignerCertificateRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await _csca.IssueAsync(request, cancellationToken);
        }
        catch (DownstreamCallException failure)
        {
            throw ToDomainError(failure);
        }
    }

    /// <summary>
    /// What a failed IssueSignerCertificate means to dtc: csca unreachable is DEPENDENCY_UNAVAILABLE (retry); any refusal
    /// means no DTC Signer certificate can be had, NO_ACTIVE_SIGNER_KEY.
    /// </summary>
    internal static CredentialsException ToDomainError(DownstreamCallException failure) =>
        DtcErrors.CscaFailed(failure.IsTransient, $"{failure.StatusCode}: {failure.Detail}", failure);
}
