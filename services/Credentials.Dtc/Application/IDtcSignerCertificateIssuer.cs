using Credentials.Contracts.Csca.V1;

namespace Credentials.Dtc.Application;

/// <summary>
/// Certifies a DTC Signer key: csca's IssueSignerCertificate over mutual TLS in production. Failures are domain errors:
/// UNAVAILABLE DEPENDENCY_UNAVAILABLE when csca cannot be reached, FAILED_PRECONDITION NO_ACTIVE_SIGNER_KEY when it refuses.
/// </summary>
internal interface IDtcSignerCertificateIssuer
{
    Task<IssueSignerCertificateResponse> IssueAsync(IssueSignerCertificateRequest request, CancellationToken cancellationToken);
}
