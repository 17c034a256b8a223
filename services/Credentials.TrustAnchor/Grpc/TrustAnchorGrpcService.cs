using Credentials.Contracts.TrustAnchor.V1;

namespace Credentials.TrustAnchor.Grpc;

/// <summary>
/// gRPC surface of the trust-anchor service (translation only: validate, call one application handler, map the result).
/// RPCs not overridden here answer Unimplemented until the issue that builds them lands.
/// </summary>
internal sealed class TrustAnchorGrpcService : TrustAnchorService.TrustAnchorServiceBase
{
}
