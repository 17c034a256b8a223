using Credentials.Contracts.Common.V1;

namespace Credentials.Dtc.Application;

/// <summary>A row of <c>dtc.dtcs</c>: one issued DTC (the DER lives in S3 under <see cref="ObjectKey"/>).</summary>
internal sealed record DtcRecord
{
    public required Guid DtcId { get; init; }

    public required string RequestId { get; init; }

    public required byte[] RequestHash { get; init; }

    public required DtcBinding Binding { get; init; }

    public required string ObjectKey { get; init; }

    public required string ContentInfoSha256 { get; init; }

    public required string SecurityObjectSha256 { get; init; }

    public string CredentialId { get; init; } = string.Empty;

    /// <summary>SHA-256 of the DTC Signer certificate that signed dtcTBS; empty for eMRTD-bound DTCs.</summary>
    public string SignerCertificateSha256 { get; init; } = string.Empty;

    public required DateTimeOffset IssuedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public DtcRevocationReason RevocationReason { get; init; }

    public required string RequestedBy { get; init; }

    /// <summary>The status at <paramref name="at"/>: REVOKED wins, then EXPIRED past <see cref="ExpiresAt"/>, else ACTIVE.</summary>
    public DtcStatus StatusAt(DateTimeOffset at) =>
        RevokedAt is not null ? DtcStatus.Revoked : at >= ExpiresAt ? DtcStatus.Expired : DtcStatus.Active;
}
