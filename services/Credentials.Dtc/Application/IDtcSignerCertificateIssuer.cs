using Credentials.Contracts.Csca.V1;

namespace Credentials.Dtc.Application;

/// <summary>Certifies a DTC Signer key: csca's IssueSignerCertificate over mutual TLS in production.</summary>
internal interface IDtcSignerCertificateIssuer
{
    Task<IssueSignerCertificateResponse> IssueAsync(IssueSignerCertificateRequest request, CancellationToken cancellationToken);
}
