using Credentials.Contracts.Csca.V1;
using Credentials.Csca.Application;
using Credentials.Csca.Options;
using Credentials.ServiceDefaults.Tls;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Credentials.Csca.Grpc;

/// <summary>
/// gRPC surface of the csca service (translation only: validate, call one application handler). Which identities may
/// call which RPC is decided by the shared authorization interceptor (access-policy.json); library failures become
/// domain errors in the shared exception interceptor (docs/architecture.md, "Errors" and "Authorization").
/// </summary>
internal sealed class CscaGrpcService : CscaService.CscaServiceBase
{
    private readonly CscaHandlers _handlers;
    private readonly int _maxCsrBytes;

    public CscaGrpcService(CscaHandlers handlers, IOptions<CscaOptions> options)
    {
        _handlers = handlers;
        _maxCsrBytes = options.Value.MaxCsrBytes;
    }

    public override Task<CreateCscaResponse> CreateCsca(CreateCscaRequest request, ServerCallContext context) =>
        InvokeAsync(context, () => CscaRequestValidation.Validate(request), caller => _handlers.CreateCsca.HandleAsync(request, caller, context.CancellationToken));

    public override Task<RolloverCscaResponse> RolloverCsca(RolloverCscaRequest request, ServerCallContext context) =>
        InvokeAsync(context, () => CscaRequestValidation.Validate(request), caller => _handlers.RolloverCsca.HandleAsync(request, caller, context.CancellationToken));

    public override Task<ListCertificatesResponse> ListCertificates(ListCertificatesRequest request, ServerCallContext context) =>
        InvokeAsync(context, () => CscaRequestValidation.Validate(request), _ => _handlers.ListCertificates.HandleAsync(request, context.CancellationToken));

    public override Task<IssueSignerCertificateResponse> IssueSignerCertificate(IssueSignerCertificateRequest request, ServerCallContext context) =>
        InvokeAsync(
            context,
            () => CscaRequestValidation.Validate(request, _maxCsrBytes),
            caller => _handlers.IssueSignerCertificate.HandleAsync(request, caller, context.CancellationToken));

    public override Task<RevokeCertificateResponse> RevokeCertificate(RevokeCertificateRequest request, ServerCallContext context) =>
        InvokeAsync(context, () => CscaRequestValidation.Validate(request), caller => _handlers.RevokeCertificate.HandleAsync(request, caller, context.CancellationToken));

    public override Task<PublishCrlResponse> PublishCrl(PublishCrlRequest request, ServerCallContext context) =>
        InvokeAsync(context, () => CscaRequestValidation.Validate(request), _ => _handlers.PublishCrl.HandleAsync(request, context.CancellationToken));

    public override Task<GetCrlResponse> GetCrl(GetCrlRequest request, ServerCallContext context) =>
        InvokeAsync(context, () => CscaRequestValidation.Validate(request), _ => _handlers.GetCrl.HandleAsync(request, context.CancellationToken));

    public override Task<SignMasterListResponse> SignMasterList(SignMasterListRequest request, ServerCallContext context) =>
        InvokeAsync(context, () => CscaRequestValidation.Validate(request), caller => _handlers.SignMasterList.HandleAsync(request, caller, context.CancellationToken));

    /// <summary>Validates and runs; failures travel to the shared exception interceptor.</summary>
    private static Task<TResponse> InvokeAsync<TResponse>(ServerCallContext context, Action validate, Func<string, Task<TResponse>> handle)
    {
        validate();
        return handle(CallerIdentity.FromCertificate(context.GetHttpContext().Connection.ClientCertificate)?.SpiffeId ?? string.Empty);
    }
}
