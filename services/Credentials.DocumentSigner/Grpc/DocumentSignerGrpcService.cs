using Credentials.Contracts.Common.V1;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.Core;
using Credentials.DocumentSigner.Application;
using Credentials.DocumentSigner.Options;
using Credentials.ServiceDefaults.Grpc;
using Credentials.ServiceDefaults.Tls;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Credentials.DocumentSigner.Grpc;

/// <summary>
/// gRPC surface of the document-signer service (translation only: validate, call one application handler, map library
/// failures to domain errors). Which identities may call which RPC is decided by the shared authorization interceptor.
/// </summary>
internal sealed class DocumentSignerGrpcService : DocumentSignerService.DocumentSignerServiceBase
{
    private static readonly Google.Protobuf.Reflection.EnumDescriptor ReasonValues =
        ErrorsReflection.Descriptor.EnumTypes.First(e => e.Name == nameof(ErrorReason));

    private readonly IServiceProvider _services;
    private readonly DocumentSignerOptions _options;

    public DocumentSignerGrpcService(IServiceProvider services, IOptions<DocumentSignerOptions> options)
    {
        _services = services;
        _options = options.Value;
    }

    public override Task<CreateSignerKeyResponse> CreateSignerKey(CreateSignerKeyRequest request, ServerCallContext context) =>
        InvokeAsync(
            () => CreateSignerKeyHandler.Validate(request, _options.MaxRequestIdLength),
            () => Handler<CreateSignerKeyHandler>().HandleAsync(request, context.CancellationToken));

    public override Task<ListSignerKeysResponse> ListSignerKeys(ListSignerKeysRequest request, ServerCallContext context) =>
        InvokeAsync(() => ListSignerKeysHandler.Validate(request), () => Handler<ListSignerKeysHandler>().HandleAsync(request, context.CancellationToken));

    public override Task<SignSecurityObjectResponse> SignSecurityObject(SignSecurityObjectRequest request, ServerCallContext context) =>
        InvokeAsync(() => { }, () => Handler<SignSecurityObjectHandler>().HandleAsync(request, Caller(context), context.CancellationToken));

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
            async () => new GetIssuanceResponse { Issuance = await Handler<SignSecurityObjectHandler>().GetAsync(requestId, credentialId, context.CancellationToken) });
    }

    public override async Task SignSecurityObjectBatch(
        IAsyncStreamReader<SignSecurityObjectBatchRequest> requestStream, IServerStreamWriter<SignSecurityObjectBatchResponse> responseStream, ServerCallContext context)
    {
        var handler = Handler<SignSecurityObjectHandler>();
        var caller = Caller(context);
        var cancellationToken = context.CancellationToken;
        using var slots = new SemaphoreSlim(_options.BatchConcurrency);
        using var writeLock = new SemaphoreSlim(1, 1);
        var running = new List<Task>();

        async Task SignOneAsync(SignSecurityObjectRequest item)
        {
            SignSecurityObjectBatchResponse answer;
            try
            {
                var response = await InvokeAsync(() => { }, () => handler.HandleAsync(item, caller, cancellationToken));
                answer = new SignSecurityObjectBatchResponse { RequestId = item.RequestId, Success = response };
            }
            catch (CredentialsException error)
            {
                answer = new SignSecurityObjectBatchResponse { RequestId = item.RequestId, Error = ToBatchError(error) };
            }
            finally
            {
                slots.Release();
            }

            await writeLock.WaitAsync(cancellationToken);
            try
            {
                await responseStream.WriteAsync(answer, cancellationToken);
            }
            finally
            {
                writeLock.Release();
            }
        }

        await foreach (var message in requestStream.ReadAllAsync(cancellationToken))
        {
            await slots.WaitAsync(cancellationToken);
            running.Add(SignOneAsync(message.Item ?? new SignSecurityObjectRequest()));
            running.RemoveAll(t => t.IsCompletedSuccessfully);
        }

        await Task.WhenAll(running);
    }

    private static BatchItemError ToBatchError(CredentialsException error)
    {
        var reason = ReasonValues.FindValueByName("ERROR_REASON_" + error.Reason) is { } value ? (ErrorReason)value.Number : ErrorReason.Unspecified;
        return new BatchItemError { Code = (int)GrpcErrors.ToStatusCode(error.Kind), Reason = reason, Message = error.Message };
    }

    private static string Caller(ServerCallContext context) =>
        CallerIdentity.FromCertificate(context.GetHttpContext().Connection.ClientCertificate)?.SpiffeId ?? string.Empty;

    private T Handler<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Validates, runs, and translates library failures into domain errors (unknown ones stay Internal).</summary>
    private static async Task<TResponse> InvokeAsync<TResponse>(Action validate, Func<Task<TResponse>> handle)
    {
        try
        {
            validate();
            return await handle();
        }
        catch (Exception exception) when (exception is not CredentialsException && DocumentSignerErrors.Translate(exception) is { } domain)
        {
            throw domain;
        }
    }
}
