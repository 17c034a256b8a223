using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Dtc.V1;
using Credentials.Dtc.Application;
using Credentials.Dtc.Options;
using Credentials.ServiceDefaults.Grpc;
using Credentials.ServiceDefaults.Tls;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Credentials.Dtc.Grpc;

/// <summary>
/// gRPC surface of the dtc service (translation only: validate, call one application handler). Which identities may call
/// which RPC is decided by the shared authorization interceptor (access-policy.json); library and downstream failures
/// become domain errors in the shared exception interceptor (docs/architecture.md, "Errors" and "Authorization").
/// </summary>
internal sealed class DtcGrpcService : DtcService.DtcServiceBase
{
    private readonly IssueDtcHandler _issue;
    private readonly VerifyDtcHandler _verify;
    private readonly DtcStatusHandler _status;
    private readonly DtcOptions _options;

    public DtcGrpcService(IssueDtcHandler issue, VerifyDtcHandler verify, DtcStatusHandler status, IOptions<DtcOptions> options)
    {
        _issue = issue;
        _verify = verify;
        _status = status;
        _options = options.Value;
    }

    public override Task<IssueDtcResponse> IssueDtc(IssueDtcRequest request, ServerCallContext context) =>
        InvokeAsync(
            () => IssueDtcRequestValidator.Validate(request, _options),
            () => _issue.HandleAsync(request, Caller(context), context.CancellationToken));

    public override Task<VerifyDtcResponse> VerifyDtc(VerifyDtcRequest request, ServerCallContext context) =>
        InvokeAsync(() => VerifyDtcHandler.Validate(request, _options), () => _verify.HandleAsync(request, context.CancellationToken));

    public override Task<GetDtcStatusResponse> GetDtcStatus(GetDtcStatusRequest request, ServerCallContext context)
    {
        (Guid? DtcId, string? ContentHash) lookup = default;
        return InvokeAsync(
            () => lookup = DtcStatusHandler.ValidateLookup(request),
            () => _status.GetAsync(lookup.DtcId, lookup.ContentHash, context.CancellationToken));
    }

    public override Task<RevokeDtcResponse> RevokeDtc(RevokeDtcRequest request, ServerCallContext context) =>
        InvokeAsync(() => DtcStatusHandler.ValidateRevoke(request, _options), () => _status.RevokeAsync(request, Caller(context), context.CancellationToken));

    private static string Caller(ServerCallContext context) =>
        CallerIdentity.FromCertificate(context.GetHttpContext().Connection.ClientCertificate)?.SpiffeId ?? string.Empty;

    /// <summary>Validates and runs; failures travel to the shared exception interceptor.</summary>
    private static Task<TResponse> InvokeAsync<TResponse>(Action validate, Func<Task<TResponse>> handle)
    {
        validate();
        return handle();
    }
}
