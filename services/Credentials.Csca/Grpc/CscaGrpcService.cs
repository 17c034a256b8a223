using Credentials.Contracts.Csca.V1;

namespace Credentials.Csca.Grpc;

/// <summary>
/// gRPC surface of the csca service (translation only: validate, call one application handler, map the result).
/// RPCs not overridden here answer Unimplemented until the issue that builds them lands.
/// </summary>
internal sealed class CscaGrpcService : CscaService.CscaServiceBase
{
}
