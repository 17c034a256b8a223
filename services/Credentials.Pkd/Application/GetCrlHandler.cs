using Credentials.Contracts.Pkd.V1;

namespace Credentials.Pkd.Application;

/// <summary>GetCrl: the current verified CRL of each issuer matching every given selector.</summary>
internal sealed class GetCrlHandler
{
    private readonly ICrlStore _crls;

    public GetCrlHandler(ICrlStore crls)
    {
        _crls = crls;
    }

    public async Task<GetCrlResponse> HandleAsync(GetCrlRequest request, CancellationToken cancellationToken)
    {
        var rows = await _crls.GetCurrentAsync(
            string.IsNullOrEmpty(request.Country) ? null : [request.Country],
            request.AuthorityKeyIdentifier.IsEmpty ? null : request.AuthorityKeyIdentifier.ToByteArray(),
            string.IsNullOrEmpty(request.IssuerFingerprintSha256) ? null : request.IssuerFingerprintSha256,
            cancellationToken);
        if (rows.Count == 0)
        {
            throw PkdErrors.CrlNotFound();
        }

        var response = new GetCrlResponse();
        response.Crls.AddRange(rows.Select(r => ContractMapping.SummarizeCrl(r.Der, r.Fingerprint)));
        return response;
    }
}
