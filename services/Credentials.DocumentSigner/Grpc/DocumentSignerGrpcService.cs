using Credentials.Contracts.Common.V1;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.DocumentSigner.Application;
using Credentials.DocumentSigner.Options;
using Credentials.ServiceDefaults.Grpc;
using Credentials.ServiceDefaults.Tls;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Credentials.DocumentSigner.Grpc;

/// <summary>
/// gRPC surface of the document-signer service (translation only: validate, call one application handler). Which
/// identities may call which RPC is decided by the shared authorization interceptor; library failures become domain
/// errors in the shared exception interceptor (docs/architecture.md, "Errors" and "Authorization").
/// </summary>
internal sealed class DocumentSignerGrpcService : DocumentSignerService.DocumentSignerServiceBase
{
    private static readonly Google.Protobuf.Reflection.EnumDescriptor ReasonValues =
        ErrorsReflection.Descriptor.EnumTypes.First(e => e.Name == nameof(ErrorReason));

    /// <summary>A response write that only appends to the response buffer (grpc-dotnet flushes a streamed write unless BufferHint is set).</summary>
    private static readonly WriteOptions BufferedWrite = new(WriteFlags.BufferHint);

    private static readonly WriteOptions FlushedWrite = new();

    private readonly CreateSignerKeyHandler _createSignerKey;
    private readonly ListSignerKeysHandler _listSignerKeys;
    private readonly SignSecurityObjectHandler _signSecurityObject;
    private readonly SignVisibleSealHandler _signVisibleSeal;
    private readonly DocumentSignerOptions _options;
    private readonly IRpcExceptionMapper _errors;

    public DocumentSignerGrpcService(
        CreateSignerKeyHandler createSignerKey,
        ListSignerKeysHandler listSignerKeys,
        SignSecurityObjectHandler signSecurityObject,
        SignVisibleSealHandler signVisibleSeal,
        IOptions<DocumentSignerOptions> options,
        IRpcExceptionMapper errors)
    {
        _createSignerKey = createSignerKey;
        _listSignerKeys = listSignerKeys;
        _signSecurityObject = signSecurityObject;
        _signVisibleSeal = signVisibleSeal;
        _options = options.Value;
        _errors = errors;
    }

    public override Task<CreateSignerKeyResponse> CreateSignerKey(CreateSignerKeyRequest request, ServerCallContext context) =>
        InvokeAsync(
            () => CreateSignerKeyHandler.Validate(request, _options.MaxRequestIdLength),
            () => _createSignerKey.HandleAsync(request, context.CancellationToken));

    public override Task<ListSignerKeysResponse> ListSignerKeys(ListSignerKeysRequest request, ServerCallContext context) =>
        InvokeAsync(() => ListSignerKeysHandler.Validate(request), () => _listSignerKeys.HandleAsync(request, context.CancellationToken));

    public override Task<SignSecurityObjectResponse> SignSecurityObject(SignSecurityObjectRequest request, ServerCallContext context) =>
        InvokeAsync(() => { }, () => _signSecurityObject.HandleAsync(request, Caller(context), context.CancellationToken));

    public override Task<SignVisibleSealResponse> SignVisibleSeal(SignVisibleSealRequest request, ServerCallContext context) =>
        InvokeAsync(() => { }, () => _signVisibleSeal.HandleAsync(request, Caller(context), context.CancellationToken));

    public override Task<GetIssuanceResponse> GetIssuance(GetIssuanceRequest request, ServerCallContext context)
    {
        string? requestId = null;
        Guid? credentialId = null;
        return InvokeAsync(
            () =>
            {
                switch (request.LookupCase)
                {
                    case GetIssuanceRequest.LookupOneofCase.RequestId when request.RequestId.Length > 0:
                        requestId = request.RequestId;
                        break;
                    case GetIssuanceRequest.LookupOneofCase.CredentialId:
                        credentialId = Guid.TryParse(request.CredentialId, out var id) ? id : throw DocumentSignerErrors.FieldInvalid("credential_id", "not a UUID.");
                        break;
                    default:
                        throw DocumentSignerErrors.FieldRequired("credential_id or request_id");
                }
            },
            async () => new GetIssuanceResponse { Issuance = await _signSecurityObject.GetAsync(requestId, credentialId, context.CancellationToken) });
    }

    public override Task SignSecurityObjectBatch(
        IAsyncStreamReader<SignSecurityObjectBatchRequest> requestStream, IServerStreamWriter<SignSecurityObjectBatchResponse> responseStream, ServerCallContext context)
    {
        var handler = _signSecurityObject;
        var caller = Caller(context);
        return SecurityObjectBatchStream.RunAsync(
            Items(requestStream, context.CancellationToken),
            _options.BatchConcurrency,
            async (item, cancellationToken) => new SignSecurityObjectBatchResponse
            {
                RequestId = item.RequestId,
                Success = await InvokeAsync(() => { }, () => handler.HandleAsync(item, caller, cancellationToken)),
            },
            (item, exception) => new SignSecurityObjectBatchResponse { RequestId = item.RequestId, Error = ToBatchError(_errors.Map(exception, context)) },
            (answer, more, cancellationToken) =>
            {
                // Answers already waiting behind this one: leave it in the response buffer; the last one flushes.
                responseStream.WriteOptions = more ? BufferedWrite : FlushedWrite;
                return responseStream.WriteAsync(answer, cancellationToken);
            },
            context.CancellationToken);
    }

    private static async IAsyncEnumerable<SignSecurityObjectRequest> Items(
        IAsyncStreamReader<SignSecurityObjectBatchRequest> requestStream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var message in requestStream.ReadAllAsync(cancellationToken))
        {
            yield return message.Item ?? new SignSecurityObjectRequest();
        }
    }

    /// <summary>One item's error, from the same mapping the exception interceptor applies to a whole call.</summary>
    private static BatchItemError ToBatchError(RpcException error)
    {
        var reason = GrpcErrors.GetReason(error) is { } name && ReasonValues.FindValueByName("ERROR_REASON_" + name) is { } value
            ? (ErrorReason)value.Number
            : ErrorReason.Unspecified;
        return new BatchItemError { Code = (int)error.StatusCode, Reason = reason, Message = error.Status.Detail };
    }

    private static string Caller(ServerCallContext context) =>
        CallerIdentity.FromCertificate(context.GetHttpContext().Connection.ClientCertificate)?.SpiffeId ?? string.Empty;

    /// <summary>Validates and runs; failures travel to the shared exception interceptor (or, per batch item, its mapper).</summary>
    private static Task<TResponse> InvokeAsync<TResponse>(Action validate, Func<Task<TResponse>> handle)
    {
        validate();
        return handle();
    }
}
