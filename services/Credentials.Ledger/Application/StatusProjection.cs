using Credentials.Contracts.Events.V1;
using Credentials.Contracts.Ledger.V1;

namespace Credentials.Ledger.Application;

/// <summary>
/// Maps the credential lifecycle events to status changes: credential.issued / credential.revoked (eMRTD, keyed by
/// credential_id) and dtc.issued / dtc.revoked (DTC, keyed by dtc_id). Other event types change no status.
/// </summary>
internal static class StatusProjection
{
    /// <summary>The change <paramref name="envelope"/> makes, or null (other type, or a payload that does not unpack).</summary>
    public static StatusChange? From(EventEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.Payload is null)
        {
            return null;
        }

        switch (envelope.EventType)
        {
            case "credential.issued" when envelope.Payload.TryUnpack(out CredentialIssued issued) && issued.CredentialId.Length > 0:
                return new StatusChange(
                    CredentialKind.Emrtd,
                    issued.CredentialId,
                    Empty(issued.SecurityObjectSha256),
                    issued.IssuedAt?.ToDateTimeOffset() ?? envelope.OccurredAt?.ToDateTimeOffset(),
                    issued.DocumentExpiresAt?.ToDateTimeOffset(),
                    null,
                    null);
            case "credential.revoked" when envelope.Payload.TryUnpack(out CredentialRevoked revoked) && revoked.CredentialId.Length > 0:
                return new StatusChange(
                    CredentialKind.Emrtd,
                    revoked.CredentialId,
                    Empty(revoked.SecurityObjectSha256),
                    null,
                    null,
                    revoked.RevokedAt?.ToDateTimeOffset() ?? envelope.OccurredAt?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch,
                    revoked.Reason);
            case "dtc.issued" when envelope.Payload.TryUnpack(out DtcIssued dtc) && dtc.DtcId.Length > 0:
                return new StatusChange(
                    CredentialKind.Dtc,
                    dtc.DtcId,
                    Empty(dtc.SecurityObjectSha256),
                    dtc.IssuedAt?.ToDateTimeOffset() ?? envelope.OccurredAt?.ToDateTimeOffset(),
                    dtc.ExpiresAt?.ToDateTimeOffset(),
                    null,
                    null);
            case "dtc.revoked" when envelope.Payload.TryUnpack(out DtcRevoked dtcRevoked) && dtcRevoked.DtcId.Length > 0:
                return new StatusChange(
                    CredentialKind.Dtc,
                    dtcRevoked.DtcId,
                    null,
                    null,
                    null,
                    dtcRevoked.RevokedAt?.ToDateTimeOffset() ?? envelope.OccurredAt?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch,
                    dtcRevoked.Reason.ToString());
            default:
                return null;
        }
    }

    private static string? Empty(string value) => value.Length == 0 ? null : value;
}
