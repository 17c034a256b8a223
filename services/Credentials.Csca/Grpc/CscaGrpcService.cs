using Credentials.Contracts.Csca.V1;
using Credentials.Core;
using Credentials.Csca.Application;
using Credentials.Csca.Options;
using Credentials.ServiceDefaults.Tls;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Credentials.Csca.Grpc;

/// <summary>
/// gRPC surface of the csca service (translation only: authorise the caller, validate, call one application
/// handler, map library failures to domain errors).
/// </summary>
internal sealed class CscaGrpcService : CscaService.CscaServiceBase
{
    private static readonly string[] Admin = ["admin"];
    private static readonly string[] SignerRequesters = ["admin", "document-signer", "dtc"];

    private readonly CscaHandlers _handlers;
    private readonly int _maxCsrBytes;

    public CscaGrpcService(CscaHandlers handlers, IOptions<CscaOptions> options)
    {
        _handlers = handlers;
        _maxCsrBytes = options.Value.MaxCsrBytes;
    }

    public override Task<CreateCscaResponse> CreateCsca(CreateCscaRequest request, ServerCallContext context) =>
        InvokeAsync(context, Admin, () => CscaRequestValidation.Validate(request), caller => _handlers.CreateCsca.HandleAsync(request, caller, context.CancellationToken));

    public override Task<RolloverCscaResponse> RolloverCsca(RolloverCscaRequest request, ServerCallContext context) =>
        InvokeAsync(context, Admin, () => CscaRequestValidation.Validate(request), caller => _handlers.RolloverCsca.HandleAsync(request, caller, context.CancellationToken));

    public override Task<ListCertificatesResponse> ListCertificates(ListCertificatesRequest request, ServerCallContext context) =>
        InvokeAsync(context, null, () => CscaRequestValidation.Validate(request), _ => _handlers.ListCertificates.HandleAsync(request, context.CancellationToken));

    public override Task<IssueSignerCertificateResponse> IssueSignerCertificate(IssueSignerCertificateRequest request, ServerCallContext context) =>
        InvokeAsync(
            context,
            SignerRequesters,
            () => CscaRequestValidation.Validate(request, _maxCsrBytes),
            caller => _handlers.IssueSignerCertificate.HandleAsync(request, caller, context.CancellationToken));

    public override Task<RevokeCertificateResponse> RevokeCertificate(RevokeCertificateRequest request, ServerCallContext context) =>
        InvokeAsync(context, Admin, () => CscaRequestValidation.Validate(request), caller => _handlers.RevokeCertificate.HandleAsync(request, caller, context.CancellationToken));

    public override Task<PublishCrlResponse> PublishCrl(PublishCrlRequest request, ServerCallContext context) =>
        InvokeAsync(context, Admin, () => CscaRequestValidation.Validate(request), _ => _handlers.PublishCrl.HandleAsync(request, context.CancellationToken));

    public override Task<GetCrlResponse> GetCrl(GetCrlRequest request, ServerCallContext context) =>
        InvokeAsync(context, null, () => CscaRequestValidation.Validate(request), _ => _handlers.GetCrl.HandleAsync(request, context.CancellationToken));

    public override Task<SignMasterListResponse> SignMasterList(SignMasterListRequest request, ServerCallContext context) =>
        InvokeAsync(context, Admin, () => CscaRequestValidation.Validate(request), caller => _handlers.SignMasterList.HandleAsync(request, caller, context.CancellationToken));

    /// <summary>Authorises (null = any authenticated identity), validates, runs, and translates library failures.</summary>
    private static async Task<TResponse> InvokeAsync<TResponse>(
        ServerCallContext context, string[]? allowed, Action validate, Func<string, Task<TResponse>> handle)
    {
        var identity = CallerIdentity.FromCertificate(context.GetHttpContext().Connection.ClientCertificate);
        if (identity is null || (allowed is not null && !allowed.Contains(identity.Name, StringComparer.Ordinal)))
        {
            throw new CredentialsException(ErrorKind.PermissionDenied, "CALLER_NOT_AUTHORIZED", "The caller's identity may not call this RPC.");
        }

        validate();
        try
        {
            return await handle(identity.SpiffeId);
        }
        catch (Exception exception) when (exception is not CredentialsException && CscaErrors.Translate(exception) is { } domain)
        {
            throw domain;
        }
    }
}
