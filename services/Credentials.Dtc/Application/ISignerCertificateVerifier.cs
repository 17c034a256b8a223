using Credentials.Contracts.Common.V1;
using Credentials.Contracts.TrustAnchor.V1;

namespace Credentials.Dtc.Application;

/// <summary>
/// Path validation of a DTC Signer certificate to a trusted CSCA, with validity and revocation (CRL and csca's revocation
/// notices): trust-anchor's VerifyCertificate over mutual TLS in production (the same trust store Passive Authentication uses).
/// </summary>
internal interface ISignerCertificateVerifier
{
    Task<VerifyCertificateResponse> VerifyCertificateAsync(
        ReadOnlyMemory<byte> certificate, VerificationPolicy? policy, DateTimeOffset? validationTime, CancellationToken cancellationToken);
}
