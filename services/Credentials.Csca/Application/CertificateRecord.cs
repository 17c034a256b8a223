using Credentials.Contracts.Common.V1;

namespace Credentials.Csca.Application;

/// <summary>A row of <c>csca.certificates</c>.</summary>
internal sealed record CertificateRecord
{
    public required string Fingerprint { get; init; }

    public required string SerialNumber { get; init; }

    public required string CscaId { get; init; }

    public required int IssuerGeneration { get; init; }

    public int? SubjectGeneration { get; init; }

    public required CertificateKind Kind { get; init; }

    public required string Subject { get; init; }

    public required DateTimeOffset NotBefore { get; init; }

    public required DateTimeOffset NotAfter { get; init; }

    public string? KeyLabel { get; init; }

    public required string ObjectKey { get; init; }

    public required byte[] Der { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public string? RequestId { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public RevocationReason RevocationReason { get; init; }

    public DateTimeOffset? InvalidityDate { get; init; }
}
