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
    private readonly IServiceProvider _services;
    private readonly DtcOptions _options;

    public DtcGrpcService(IServiceProvider services, IOptions<DtcOptions> options)
    {
        _services = services;
        _options = options.Value;
    }

    public override Task<IssueDtcResponse> IssueDtc(IssueDtcRequest request, ServerCallContext context) =>
        InvokeAsync(
            () => IssueDtcRequestValidator.Validate(request, _options),
            () => Handler<IssueDtcHandler>().HandleAsync(request, Caller(context), context.CancellationToken));

    public override Task<VerifyDtcResponse> VerifyDtc(VerifyDtcRequest request, ServerCallContext context) =>
        InvokeAsync(() => VerifyDtcHandler.Validate(request, _options), () => Handler<VerifyDtcHandler>().HandleAsync(request, context.CancellationToken));

    public override Task<GetDtcStatusResponse> GetDtcStatus(GetDtcStatusRequest request, ServerCallContext context)
    {
        (Guid? DtcId, string? ContentHash) lookup = default;
        return InvokeAsync(
            () => lookup = DtcStatusHandler.ValidateLookup(request),
            () => Handler<DtcStatusHandler>().GetAsync(lookup.DtcId, lookup.ContentHash, context.CancellationToken));
    }

    public override Task<RevokeDtcResponse> RevokeDtc(RevokeDtcRequest request, ServerCallContext context) =>
        InvokeAsync(() => DtcStatusHandler.ValidateRevoke(request, _options), () => Handler<DtcStatusHandler>().RevokeAsync(request, Caller(context), context.CancellationToken));

    private static string Caller(ServerCallContext context) =>
        CallerIdentity.FromCertificate(context.GetHttpContext().Connection.ClientCertificate)?.SpiffeId ?? string.Empty;

    private T Handler<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Validates and runs; failures travel to the shared exception interceptor.</summary>
    private static Task<TResponse> InvokeAsync<TResponse>(Action validate, Func<Task<TResponse>> handle)
    {
        validate();
        return handle();
    }
}
