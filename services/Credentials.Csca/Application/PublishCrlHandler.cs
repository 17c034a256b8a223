using Credentials.Contracts.Csca.V1;
using Credentials.Csca.Infrastructure;
using Credentials.Storage.Postgres;
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
    private readonly IUnitOfWork _unitOfWork;

    public PublishCrlHandler(CscaIssuing issuing, IdempotentRequests requests, IUnitOfWork unitOfWork)
    {
        _issuing = issuing;
        _requests = requests;
        _unitOfWork = unitOfWork;
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
        _unitOfWork.ExecuteAsync([], async (context, ct) =>
        {
            var (connection, transaction) = (context.Connection, context.Transaction);
            var generations = await CscaRepository.GetGenerationsAsync(connection, transaction, cscaId, forUpdate: true, ct);
            var response = new PublishCrlResponse();
            foreach (var generation in generations
                .Where(g => g.State != (int)CscaGenerationState.Retired)
                .OrderBy(g => g.State == (int)CscaGenerationState.Active ? 0 : 1)
                .ThenByDescending(g => g.Generation))
            {
                if (dueBefore is { } threshold
                    && await CscaRepository.GetCrlAsync(connection, transaction, cscaId, generation.Generation, null, ct) is { } latest
                    && latest.NextUpdate >= threshold)
                {
                    continue;
                }

                var crl = await _issuing.PublishCrlAsync(connection, transaction, generation, nextUpdateIn, ct);
                response.Crls.Add(ContractMapping.SummarizeCrl(crl.Der));
            }

            if (record is not null)
            {
                await _requests.RecordAsync(connection, transaction, record, response, ct);
            }

            return response;
        }, cancellationToken);
}
