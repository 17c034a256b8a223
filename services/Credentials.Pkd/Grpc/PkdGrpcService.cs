using Credentials.Contracts.Pkd.V1;
using Credentials.Pkd.Application;
using Grpc.Core;

namespace Credentials.Pkd.Grpc;

/// <summary>
/// gRPC surface of the pkd service (translation only: validate, call one application handler). Which identities may
/// call which RPC is decided by the shared authorization interceptor (access-policy.json); library failures become
/// domain errors in the shared exception interceptor (docs/architecture.md, "Errors" and "Authorization").
/// </summary>
internal sealed class PkdGrpcService : PkdService.PkdServiceBase
{
    private readonly IServiceProvider _services;

    public PkdGrpcService(IServiceProvider services)
    {
        _services = services;
    }

    public override Task<SyncNowResponse> SyncNow(SyncNowRequest request, ServerCallContext context) =>
        InvokeAsync(() => PkdRequestValidation.Validate(request), () => Handler<SyncNowHandler>().HandleAsync(request, context.CancellationToken));

    public override Task<GetSyncStatusResponse> GetSyncStatus(GetSyncStatusRequest request, ServerCallContext context) =>
        InvokeAsync(() => PkdRequestValidation.Validate(request), () => Handler<SyncStatusHandler>().GetStatusAsync(request, context.CancellationToken));

    public override Task<ListSourcesResponse> ListSources(ListSourcesRequest request, ServerCallContext context) =>
        InvokeAsync(() => { }, () => Task.FromResult(Handler<SyncStatusHandler>().ListSources(request)));

    public override Task<ListCertificatesResponse> ListCertificates(ListCertificatesRequest request, ServerCallContext context) =>
        InvokeAsync(() => PkdRequestValidation.Validate(request), () => Handler<ListCertificatesHandler>().HandleAsync(request, context.CancellationToken));

    public override Task<GetCrlResponse> GetCrl(GetCrlRequest request, ServerCallContext context) =>
        InvokeAsync(() => PkdRequestValidation.Validate(request), () => Handler<GetCrlHandler>().HandleAsync(request, context.CancellationToken));

    public override async Task WatchUpdates(WatchUpdatesRequest request, IServerStreamWriter<WatchUpdatesResponse> responseStream, ServerCallContext context)
    {
        var handler = Handler<WatchUpdatesHandler>();
        var start = await InvokeAsync(() => PkdRequestValidation.Validate(request), () => handler.ResolveStartAsync(request, context.CancellationToken));
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
            () => PkdRequestValidation.Validate(request),
            async () =>
            {
                await Handler<ExportLdifHandler>().HandleAsync(request, chunk => responseStream.WriteAsync(chunk, context.CancellationToken), context.CancellationToken);
                return true;
            });

    private T Handler<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Validates and runs; failures travel to the shared exception interceptor.</summary>
    private static Task<TResponse> InvokeAsync<TResponse>(Action validate, Func<Task<TResponse>> handle)
    {
        validate();
        return handle();
    }
}
