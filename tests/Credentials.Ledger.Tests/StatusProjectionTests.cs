using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Events.V1;
using Credentials.Contracts.Ledger.V1;
using Credentials.Ledger.Application;
using Google.Protobuf.WellKnownTypes;

namespace Credentials.Ledger.Tests;

public sealed class StatusProjectionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void From_CredentialIssued_IsAnIssuedEmrtdWithExpiry()
    {
        var change = StatusProjection.From(Envelope("credential.issued", new CredentialIssued
        {
            CredentialId = "c-1",
            SecurityObjectSha256 = new string('a', 64),
            IssuedAt = Timestamp.FromDateTimeOffset(Now),
            DocumentExpiresAt = Timestamp.FromDateTimeOffset(Now.AddYears(10)),
        }));

        Assert.NotNull(change);
        Assert.Equal(CredentialKind.Emrtd, change.Kind);
        Assert.Equal("c-1", change.CredentialId);
        Assert.Equal(Now.AddYears(10), change.ExpiresAt);
        Assert.Null(change.RevokedAt);
    }

    [Fact]
    public void From_DtcRevoked_IsARevokedDtcWithReasonName()
    {
        var change = StatusProjection.From(Envelope("dtc.revoked", new DtcRevoked
        {
            DtcId = "d-1",
            RevokedAt = Timestamp.FromDateTimeOffset(Now),
            Reason = DtcRevocationReason.Unspecified,
        }));

        Assert.NotNull(change);
        Assert.Equal(CredentialKind.Dtc, change.Kind);
        Assert.Equal(Now, change.RevokedAt);
        Assert.Equal(nameof(DtcRevocationReason.Unspecified), change.RevocationReason);
    }

    [Fact]
    public void From_TypeAndPayloadDisagree_IsNoChange()
    {
        Assert.Null(StatusProjection.From(Envelope("credential.revoked", new DtcRevoked { DtcId = "d-1" })));
        Assert.Null(StatusProjection.From(Envelope("crl.published", new CrlPublished())));
    }

    [Fact]
    public void StatusAt_RevokedBeatsExpiryAndUnknownBeforeIssuance()
    {
        var issued = new CredentialStatusRecord(CredentialKind.Emrtd, "c", null, Now, Now.AddDays(1), null, null, 1);

        Assert.Equal(CredentialStatus.Issued, issued.StatusAt(Now));
        Assert.Equal(CredentialStatus.Expired, issued.StatusAt(Now.AddDays(1)));
        Assert.Equal(CredentialStatus.Revoked, (issued with { RevokedAt = Now }).StatusAt(Now.AddDays(2)));
        Assert.Equal(CredentialStatus.Unknown, (issued with { IssuedAt = null }).StatusAt(Now));
        Assert.Equal(CredentialStatus.Revoked, (issued with { IssuedAt = null, RevokedAt = Now }).StatusAt(Now));
    }

    private static EventEnvelope Envelope(string type, Google.Protobuf.IMessage payload) => new()
    {
        EventId = Guid.NewGuid().ToString("D"),
        EventType = type,
        AggregateKey = "k",
        Producer = "tests",
        OccurredAt = Timestamp.FromDateTimeOffset(Now),
        SchemaVersion = 1,
        Payload = Any.Pack(payload),
    };
}
