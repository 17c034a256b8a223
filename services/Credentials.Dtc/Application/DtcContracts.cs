using Credentials.Contracts.Dtc.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Credentials.Dtc.Application;

/// <summary>Maps stored DTCs to the contract message.</summary>
internal static class DtcContracts
{
    public static Contracts.Dtc.V1.Dtc ToContract(DtcRecord record, DateTimeOffset now, byte[]? contentInfo)
    {
        ArgumentNullException.ThrowIfNull(record);
        var dtc = new Contracts.Dtc.V1.Dtc
        {
            DtcId = record.DtcId.ToString("D"),
            Binding = record.Binding,
            ContentInfoSha256 = record.ContentInfoSha256,
            SecurityObjectSha256 = record.SecurityObjectSha256,
            CredentialId = record.CredentialId,
            Status = record.StatusAt(now),
            IssuedAt = Timestamp.FromDateTimeOffset(record.IssuedAt),
            ExpiresAt = Timestamp.FromDateTimeOffset(record.ExpiresAt),
            RevocationReason = record.RevocationReason,
            SignerCertificateSha256 = record.SignerCertificateSha256,
        };
        if (contentInfo is not null)
        {
            dtc.ContentInfo = ByteString.CopyFrom(contentInfo);
        }

        if (record.RevokedAt is { } revoked)
        {
            dtc.RevokedAt = Timestamp.FromDateTimeOffset(revoked);
        }

        return dtc;
    }

    public static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>Names of failed checks, for messages (check names only, never data).</summary>
    public static string FailedCheckNames(IEnumerable<Contracts.Common.V1.Check> checks) =>
        string.Join(", ", checks.Where(c => c.Status == Contracts.Common.V1.CheckStatus.Fail).Select(c => string.IsNullOrEmpty(c.Reason) ? c.Name : $"{c.Name} ({c.Reason})"));
}
