using Credentials.Contracts.Common.V1;

namespace Credentials.Csca.Application;

/// <summary>Filters of a certificate listing; all combine with AND, null matches all.</summary>
internal sealed record CertificateFilter
{
    public IReadOnlyList<CertificateKind> Kinds { get; init; } = [];

    public CertificateStatusFilter? Status { get; init; }

    public string? CscaId { get; init; }

    public string? Fingerprint { get; init; }

    public string? SerialNumber { get; init; }

    public DateTimeOffset? IssuedSince { get; init; }

    /// <summary>The time status filters are evaluated at.</summary>
    public DateTimeOffset Now { get; init; }

    /// <summary>Keyset cursor: only rows ordered after this one.</summary>
    public (DateTimeOffset IssuedAt, string Fingerprint)? After { get; init; }
}
