using System.Globalization;
using Credentials.Contracts.Csca.V1;

namespace Credentials.Csca.Application;

/// <summary>GetCrl: the latest (or a numbered) CRL of a generation, the active one by default.</summary>
internal sealed class GetCrlHandler
{
    private readonly CscaIssuing _issuing;

    public GetCrlHandler(CscaIssuing issuing)
    {
        _issuing = issuing;
    }

    public async Task<GetCrlResponse> HandleAsync(GetCrlRequest request, CancellationToken cancellationToken)
    {
        var csca = await _issuing.ResolveAsync(request.CscaId, cancellationToken);
        var generations = await _issuing.Store.GetGenerationsAsync(csca.CscaId, cancellationToken);
        var generation = request.Generation == 0
            ? generations.FirstOrDefault(g => g.State == CscaGenerationState.Active)
            : generations.FirstOrDefault(g => g.Generation == request.Generation);
        if (generation is null)
        {
            throw CscaErrors.CrlNotFound();
        }

        long? number = null;
        if (!string.IsNullOrEmpty(request.CrlNumber))
        {
            if (!long.TryParse(request.CrlNumber, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var parsed) || parsed <= 0)
            {
                throw CscaErrors.FieldInvalid("crl_number", "must be the lowercase hex of a positive CRL number.");
            }

            number = parsed;
        }

        var crl = await _issuing.Store.GetCrlAsync(csca.CscaId, generation.Generation, number, cancellationToken) ?? throw CscaErrors.CrlNotFound();
        return new GetCrlResponse { Crl = ContractMapping.SummarizeCrl(crl.Der) };
    }
}
