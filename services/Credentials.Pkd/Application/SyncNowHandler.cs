using System.Security.Cryptography;
using Credentials.Contracts.Pkd.V1;
using Credentials.Storage;
using Google.Protobuf;

namespace Credentials.Pkd.Application;

/// <summary>
/// SyncNow: starts a run per requested (or every enabled) source — an active run is returned instead of a second
/// one — and, with <c>wait</c>, waits for them within the call's deadline. Idempotent on request_id: a retry gets the
/// same runs (in their current state) and waits for them again when asked to.
/// </summary>
internal sealed class SyncNowHandler
{
    private const string Operation = "SyncNow";

    private readonly SourceCatalog _catalog;
    private readonly SyncCoordinator _coordinator;
    private readonly ISyncRunStore _runs;
    private readonly IIdempotencyStore _idempotency;

    public SyncNowHandler(SourceCatalog catalog, SyncCoordinator coordinator, ISyncRunStore runs, IIdempotencyStore idempotency)
    {
        _catalog = catalog;
        _coordinator = coordinator;
        _runs = runs;
        _idempotency = idempotency;
    }

    public async Task<SyncNowResponse> HandleAsync(SyncNowRequest request, CancellationToken cancellationToken)
    {
        // The fingerprint stays SHA-256 of the request bytes (what the rows moved by pkd V0003 hold).
        var idempotent = new IdempotentRequest(request.RequestId, Operation, SHA256.HashData(request.ToByteArray()));
        SyncNowResponse response;
        var stored = await _idempotency.LookupAsync(idempotent, cancellationToken);
        if (stored.Status == IdempotencyStatus.Conflict)
        {
            throw PkdErrors.RequestIdConflict();
        }

        if (stored.Status == IdempotencyStatus.Replay)
        {
            response = SyncNowResponse.Parser.ParseFrom(stored.Response);
        }
        else
        {
            var sources = request.SourceIds.Count == 0
                ? _catalog.All.Where(s => s.Options.Enabled).ToList()
                : request.SourceIds.Distinct(StringComparer.Ordinal)
                    .Select(id => _catalog.Find(id) is { Options.Enabled: true } source ? source : throw PkdErrors.SourceNotFound(id))
                    .ToList();
            response = new SyncNowResponse();
            foreach (var source in sources)
            {
                var run = await _coordinator.StartAsync(source, onDemand: true, request.Full, cancellationToken);
                response.Runs.Add(RunMapping.ToContract(run));
            }

            if (!await _idempotency.TryRecordAsync(idempotent, response.ToByteArray(), cancellationToken))
            {
                return await HandleAsync(request, cancellationToken);
            }
        }

        var runIds = response.Runs.Select(r => Guid.Parse(r.RunId)).ToList();
        if (request.Wait)
        {
            await _coordinator.WaitAsync(runIds, cancellationToken);
        }

        var fresh = new SyncNowResponse();
        foreach (var runId in runIds)
        {
            if (await _runs.GetRunAsync(runId, CancellationToken.None) is { } run)
            {
                fresh.Runs.Add(RunMapping.ToContract(run));
            }
        }

        return fresh;
    }
}
