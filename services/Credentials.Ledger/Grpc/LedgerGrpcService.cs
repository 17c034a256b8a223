using Credentials.Contracts.Ledger.V1;
using Credentials.Ledger.Application;
using Grpc.Core;

namespace Credentials.Ledger.Grpc;

/// <summary>gRPC surface of the ledger service (translation only: each RPC calls one application handler).</summary>
internal sealed class LedgerGrpcService : LedgerService.LedgerServiceBase
{
    private readonly GetCredentialStatusHandler _status;
    private readonly ListEventsHandler _list;
    private readonly VerifyIntegrityHandler _verify;

    public LedgerGrpcService(GetCredentialStatusHandler status, ListEventsHandler list, VerifyIntegrityHandler verify)
    {
        _status = status;
        _list = list;
        _verify = verify;
    }

    public override Task<GetCredentialStatusResponse> GetCredentialStatus(GetCredentialStatusRequest request, ServerCallContext context) =>
        _status.HandleAsync(request, context.CancellationToken);

    public override Task<ListEventsResponse> ListEvents(ListEventsRequest request, ServerCallContext context) =>
        _list.HandleAsync(request, context.CancellationToken);

    public override Task<VerifyIntegrityResponse> VerifyIntegrity(VerifyIntegrityRequest request, ServerCallContext context) =>
        _verify.HandleAsync(request, context.CancellationToken);
}
