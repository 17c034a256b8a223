using Credentials.Contracts.Csca.V1;
using Credentials.Storage;

namespace Credentials.Csca.Application;

/// <summary>
/// PublishCrl: the next CRL of every non-retired generation of a lineage (each key signs the CRL for the
/// certificates it issued), the active generation's first. Also used by the scheduler before nextUpdate.
/// </summary>
internal sealed class PublishCrlHandler
{
    private readonly CscaIssuing _issuing;
    private readonly IdempotentRequests _requests;

    public PublishCrlHandler(CscaIssuing issuing, IdempotentRequests requests)
    {
        _issuing = issuing;
        _requests = requests;
    }

    public Task<PublishCrlResponse> HandleAsync(PublishCrlRequest request, CancellationToken cancellationToken) =>
        _requests.RunAsync(request.RequestId, "PublishCrl", request, PublishCrlResponse.Parser, async (record, ct) =>
        {
            var csca = await _issuing.ResolveAsync(request.CscaId, ct);
            var nextUpdate = request.NextUpdateIn?.ToTimeSpan() ?? _issuing.Options.CrlNextUpdate;
            return await PublishAsync(csca.CscaId, nextUpdate, dueBefore: null, record, ct);
        }, cancellationToken);

    /// <summary>
    /// Publishes for <paramref name="cscaId"/>; with <paramref name="dueBefore"/> only generations whose latest CRL's
    /// nextUpdate is earlier (the scheduler's re-check under the row lock, so replicas do not publish twice).
    /// </summary>
    public Task<PublishCrlResponse> PublishAsync(string cscaId, TimeSpan nextUpdateIn, DateTimeOffset? dueBefore, IdempotentRequest? record, CancellationToken cancellationToken) =>
        _issuing.Store.ExecuteAsync([], async (tx, ct) =>
        {
            var generations = await tx.GetGenerationsAsync(cscaId, forUpdate: true, ct);
            var response = new PublishCrlResponse();
            foreach (var generation in generations
                .Where(g => g.State != CscaGenerationState.Retired)
                .OrderBy(g => g.State == CscaGenerationState.Active ? 0 : 1)
                .ThenByDescending(g => g.Generation))
            {
                if (dueBefore is { } threshold
                    && await tx.GetLatestCrlAsync(cscaId, generation.Generation, ct) is { } latest
                    && latest.NextUpdate >= threshold)
                {
                    continue;
                }

                var crl = await _issuing.PublishCrlAsync(tx, generation, nextUpdateIn, ct);
                response.Crls.Add(ContractMapping.SummarizeCrl(crl.Der));
            }

            if (record is not null)
            {
                await tx.RecordResponseAsync(record, response, ct);
            }

            return response;
        }, cancellationToken);
}
