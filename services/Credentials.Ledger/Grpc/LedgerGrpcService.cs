using Credentials.Contracts.Ledger.V1;

namespace Credentials.Ledger.Grpc;

/// <summary>
/// gRPC surface of the ledger service (translation only: validate, call one application handler, map the result).
/// RPCs not overridden here answer Unimplemented until the issue that builds them lands.
/// </summary>
internal sealed class LedgerGrpcService : LedgerService.LedgerServiceBase
{
}
