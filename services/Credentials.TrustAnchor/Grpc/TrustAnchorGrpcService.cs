using Credentials.Contracts.TrustAnchor.V1;
using Credentials.TrustAnchor.Application;
using Credentials.TrustAnchor.Options;
using Credentials.ServiceDefaults.Tls;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Credentials.TrustAnchor.Grpc;

/// <summary>gRPC surface of the trust-anchor service (translation only: validate, call one application handler, return its result).</summary>
internal sealed class TrustAnchorGrpcService : TrustAnchorService.TrustAnchorServiceBase
{
    private readonly VerifyDocumentHandler _verifyDocument;
    private readonly VerifyCertificateHandler _verifyCertificate;
    private readonly ImportTrustMaterialHandler _import;
    private readonly ListTrustAnchorsHandler _list;
    private readonly VerifySealHandler _verifySeal;
    private readonly RemoveTrustAnchorHandler _remove;
    private readonly GetTrustStoreStatusHandler _status;
    private readonly TrustAnchorOptions _options;

    public TrustAnchorGrpcService(
        VerifyDocumentHandler verifyDocument, VerifyCertificateHandler verifyCertificate, ImportTrustMaterialHandler import, ListTrustAnchorsHandler list,
        VerifySealHandler verifySeal, RemoveTrustAnchorHandler remove, GetTrustStoreStatusHandler status, IOptions<TrustAnchorOptions> options)
    {
        _verifyDocument = verifyDocument;
        _verifyCertificate = verifyCertificate;
        _import = import;
        _list = list;
        _verifySeal = verifySeal;
        _remove = remove;
        _status = status;
        _options = options.Value;
    }

    public override Task<VerifyDocumentResponse> VerifyDocument(VerifyDocumentRequest request, ServerCallContext context)
    {
        TrustAnchorRequestValidation.Validate(request, _options);
        return _verifyDocument.HandleAsync(request, context.CancellationToken);
    }

    public override Task<VerifyCertificateResponse> VerifyCertificate(VerifyCertificateRequest request, ServerCallContext context)
    {
        TrustAnchorRequestValidation.Validate(request, _options);
        return _verifyCertificate.HandleAsync(request, context.CancellationToken);
    }

    public override Task<ImportTrustMaterialResponse> ImportTrustMaterial(ImportTrustMaterialRequest request, ServerCallContext context)
    {
        TrustAnchorRequestValidation.Validate(request, _options);
        return _import.HandleAsync(request, context.CancellationToken);
    }

    public override Task<ListTrustAnchorsResponse> ListTrustAnchors(ListTrustAnchorsRequest request, ServerCallContext context)
    {
        TrustAnchorRequestValidation.Validate(request);
        return _list.HandleAsync(request, context.CancellationToken);
    }

    public override Task<VerifySealResponse> VerifySeal(VerifySealRequest request, ServerCallContext context)
    {
        TrustAnchorRequestValidation.Validate(request);
        return _verifySeal.HandleAsync(request, context.CancellationToken);
    }

    public override Task<RemoveTrustAnchorResponse> RemoveTrustAnchor(RemoveTrustAnchorRequest request, ServerCallContext context)
    {
        TrustAnchorRequestValidation.Validate(request);
        var caller = CallerIdentity.FromCertificate(context.GetHttpContext().Connection.ClientCertificate)?.SpiffeId ?? "unknown";
        return _remove.HandleAsync(request, caller, context.CancellationToken);
    }

    public override Task<GetTrustStoreStatusResponse> GetTrustStoreStatus(GetTrustStoreStatusRequest request, ServerCallContext context) =>
        _status.HandleAsync(request, context.CancellationToken);
}
