using Credentials.Contracts.Common.V1;

namespace Credentials.Pkd.Application;

/// <summary>Filters of ListCertificates (AND; null/empty = all) and the keyset position to continue after.</summary>
internal sealed record CertificateListFilter
{
    public IReadOnlyList<string> Countries { get; init; } = [];

    public IReadOnlyList<CertificateKind> Kinds { get; init; } = [];

    public string? Fingerprint { get; init; }

    public DateTimeOffset? UpdatedSince { get; init; }

    public string? SourceId { get; init; }

    public bool IncludeRemoved { get; init; }

    public (DateTimeOffset UpdatedAt, string Fingerprint)? After { get; init; }
}
