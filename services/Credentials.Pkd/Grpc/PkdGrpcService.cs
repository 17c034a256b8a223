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
    private readonly SyncNowHandler _syncNow;
    private readonly SyncStatusHandler _syncStatus;
    private readonly ListCertificatesHandler _listCertificates;
    private readonly GetCrlHandler _getCrl;
    private readonly WatchUpdatesHandler _watchUpdates;
    private readonly ExportLdifHandler _exportLdif;

    public PkdGrpcService(
        SyncNowHandler syncNow,
        SyncStatusHandler syncStatus,
        ListCertificatesHandler listCertificates,
        GetCrlHandler getCrl,
        WatchUpdatesHandler watchUpdates,
        ExportLdifHandler exportLdif)
    {
        _syncNow = syncNow;
        _syncStatus = syncStatus;
        _listCertificates = listCertificates;
        _getCrl = getCrl;
        _watchUpdates = watchUpdates;
        _exportLdif = exportLdif;
    }

    public override Task<SyncNowResponse> SyncNow(SyncNowRequest request, ServerCallContext context) =>
        InvokeAsync(() => PkdRequestValidation.Validate(request), () => _syncNow.HandleAsync(request, context.CancellationToken));

    public override Task<GetSyncStatusResponse> GetSyncStatus(GetSyncStatusRequest request, ServerCallContext context) =>
        InvokeAsync(() => PkdRequestValidation.Validate(request), () => _syncStatus.GetStatusAsync(request, context.CancellationToken));

    public override Task<ListSourcesResponse> ListSources(ListSourcesRequest request, ServerCallContext context) =>
        InvokeAsync(() => { }, () => Task.FromResult(_syncStatus.ListSources(request)));

    public override Task<ListCertificatesResponse> ListCertificates(ListCertificatesRequest request, ServerCallContext context) =>
        InvokeAsync(() => PkdRequestValidation.Validate(request), () => _listCertificates.HandleAsync(request, context.CancellationToken));

    public override Task<GetCrlResponse> GetCrl(GetCrlRequest request, ServerCallContext context) =>
        InvokeAsync(() => PkdRequestValidation.Validate(request), () => _getCrl.HandleAsync(request, context.CancellationToken));

    public override async Task WatchUpdates(WatchUpdatesRequest request, IServerStreamWriter<WatchUpdatesResponse> responseStream, ServerCallContext context)
    {
        var start = await InvokeAsync(() => PkdRequestValidation.Validate(request), () => _watchUpdates.ResolveStartAsync(request, context.CancellationToken));
        try
        {
            await foreach (var change in _watchUpdates.StreamAsync(request, start, context.CancellationToken))
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
                await _exportLdif.HandleAsync(request, chunk => responseStream.WriteAsync(chunk, context.CancellationToken), context.CancellationToken);
                return true;
            });

    /// <summary>Validates and runs; failures travel to the shared exception interceptor.</summary>
    private static Task<TResponse> InvokeAsync<TResponse>(Action validate, Func<Task<TResponse>> handle)
    {
        validate();
        return handle();
    }
}
