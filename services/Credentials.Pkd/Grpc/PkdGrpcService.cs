using Credentials.Contracts.Pkd.V1;
using Credentials.Core;
using Credentials.Pkd.Application;
using Credentials.ServiceDefaults.Tls;
using Credentials.Storage;
using Grpc.Core;

namespace Credentials.Pkd.Grpc;

/// <summary>
/// gRPC surface of the pkd service (translation only: authorise the caller, validate, call one application handler).
/// SyncNow is for admin; the read RPCs for any authenticated identity of the deployment.
/// </summary>
internal sealed class PkdGrpcService : PkdService.PkdServiceBase
{
    private static readonly string[] Admin = ["admin"];

    private readonly IServiceProvider _services;

    public PkdGrpcService(IServiceProvider services)
    {
        _services = services;
    }

    public override Task<SyncNowResponse> SyncNow(SyncNowRequest request, ServerCallContext context) =>
        InvokeAsync(context, Admin, () => PkdRequestValidation.Validate(request), () => Handler<SyncNowHandler>().HandleAsync(request, context.CancellationToken));

    public override Task<GetSyncStatusResponse> GetSyncStatus(GetSyncStatusRequest request, ServerCallContext context) =>
        InvokeAsync(context, null, () => PkdRequestValidation.Validate(request), () => Handler<SyncStatusHandler>().GetStatusAsync(request, context.CancellationToken));

    public override Task<ListSourcesResponse> ListSources(ListSourcesRequest request, ServerCallContext context) =>
        InvokeAsync(context, null, () => { }, () => Task.FromResult(Handler<SyncStatusHandler>().ListSources(request)));

    public override Task<ListCertificatesResponse> ListCertificates(ListCertificatesRequest request, ServerCallContext context) =>
        InvokeAsync(context, null, () => PkdRequestValidation.Validate(request), () => Handler<ListCertificatesHandler>().HandleAsync(request, context.CancellationToken));

    public override Task<GetCrlResponse> GetCrl(GetCrlRequest request, ServerCallContext context) =>
        InvokeAsync(context, null, () => PkdRequestValidation.Validate(request), () => Handler<GetCrlHandler>().HandleAsync(request, context.CancellationToken));

    public override async Task WatchUpdates(WatchUpdatesRequest request, IServerStreamWriter<WatchUpdatesResponse> responseStream, ServerCallContext context)
    {
        var handler = Handler<WatchUpdatesHandler>();
        var start = await InvokeAsync(context, null, () => PkdRequestValidation.Validate(request), () => handler.ResolveStartAsync(request, context.CancellationToken));
        try
        {
            await foreach (var change in handler.StreamAsync(request, start, context.CancellationToken))
            {
                await responseStream.WriteAsync(change, context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away or its deadline passed: the stream simply ends.
        }
    }

    public override Task ExportLdif(ExportLdifRequest request, IServerStreamWriter<ExportLdifResponse> responseStream, ServerCallContext context) =>
        InvokeAsync(
            context,
            null,
            () => PkdRequestValidation.Validate(request),
            async () =>
            {
                await Handler<ExportLdifHandler>().HandleAsync(request, chunk => responseStream.WriteAsync(chunk, context.CancellationToken), context.CancellationToken);
                return true;
            });

    private T Handler<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Authorises (null = any authenticated identity), validates, runs, and translates storage failures.</summary>
    private static async Task<TResponse> InvokeAsync<TResponse>(ServerCallContext context, string[]? allowed, Action validate, Func<Task<TResponse>> handle)
    {
        var identity = CallerIdentity.FromCertificate(context.GetHttpContext().Connection.ClientCertificate);
        if (identity is null || (allowed is not null && !allowed.Contains(identity.Name, StringComparer.Ordinal)))
        {
            throw new CredentialsException(ErrorKind.PermissionDenied, "CALLER_NOT_AUTHORIZED", "The caller's identity may not call this RPC.");
        }

        validate();
        try
        {
            return await handle();
        }
        catch (StorageException storage) when (storage.Reason == StorageErrorReason.Unavailable)
        {
            throw new CredentialsException(ErrorKind.Unavailable, "DEPENDENCY_UNAVAILABLE", "The object store is unavailable; retry.", storage) { RetryAfter = TimeSpan.FromSeconds(1) };
        }
    }
}
