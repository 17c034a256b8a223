using Credentials.Contracts.Pkd.V1;

namespace Credentials.Pkd.Grpc;

/// <summary>
/// gRPC surface of the pkd service (translation only: validate, call one application handler, map the result).
/// RPCs not overridden here answer Unimplemented until the issue that builds them lands.
/// </summary>
internal sealed class PkdGrpcService : PkdService.PkdServiceBase
{
}
