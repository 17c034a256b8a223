using Credentials.Contracts.Csca.V1;

namespace Credentials.SignerKeys;

/// <summary>
/// Certifies a signer key: csca's IssueSignerCertificate (<see cref="CscaSignerCertificateIssuer"/> over mutual TLS in
/// production). A refusal or an outage arrives as <see cref="Credentials.Grpc.DownstreamCallException"/> unless the
/// service maps it to its own domain error.
/// </summary>
public interface ISignerCertificateIssuer
{
    Task<IssueSignerCertificateResponse> IssueAsync(IssueSignerCertificateRequest request, CancellationToken cancellationToken);
}
