using Credentials.Contracts.Dtc.V1;

namespace Credentials.Dtc.Grpc;

/// <summary>
/// gRPC surface of the dtc service (translation only: validate, call one application handler, map the result).
/// RPCs not overridden here answer Unimplemented until the issue that builds them lands.
/// </summary>
internal sealed class DtcGrpcService : DtcService.DtcServiceBase
{
}
