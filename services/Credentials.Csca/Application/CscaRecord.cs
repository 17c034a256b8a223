namespace Credentials.Csca.Application;

/// <summary>A row of <c>csca.cscas</c>: one CSCA lineage and the name parts its generations share.</summary>
internal sealed record CscaRecord(string CscaId, string Country, string Organization, string? OrganizationalUnit, string CommonName, DateTimeOffset CreatedAt);
