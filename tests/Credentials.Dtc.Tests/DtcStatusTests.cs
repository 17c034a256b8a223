using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Dtc.V1;
using Credentials.Core;
using Credentials.Dtc.Application;
using Credentials.Dtc.Options;

namespace Credentials.Dtc.Tests;

public sealed class DtcStatusTests
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void StatusAt_BeforeExpiry_Active()
    {
        Assert.Equal(DtcStatus.Active, Record(null).StatusAt(Issued.AddDays(29)));
    }

    [Fact]
    public void StatusAt_AtExpiry_Expired()
    {
        Assert.Equal(DtcStatus.Expired, Record(null).StatusAt(Issued.AddDays(30)));
    }

    [Fact]
    public void StatusAt_Revoked_RevokedEvenAfterExpiry()
    {
        Assert.Equal(DtcStatus.Revoked, Record(Issued.AddDays(1)).StatusAt(Issued.AddDays(31)));
    }

    [Fact]
    public void ToContract_Revoked_CarriesRevocationAndNoContent()
    {
        var contract = DtcContracts.ToContract(Record(Issued.AddDays(1)) with { RevocationReason = DtcRevocationReason.Stolen }, Issued.AddDays(2), null);

        Assert.Equal(DtcStatus.Revoked, contract.Status);
        Assert.Equal(DtcRevocationReason.Stolen, contract.RevocationReason);
        Assert.Equal(Issued.AddDays(1), contract.RevokedAt.ToDateTimeOffset());
        Assert.True(contract.ContentInfo.IsEmpty);
    }

    [Theory]
    [InlineData("", "FIELD_REQUIRED")]
    [InlineData("dtc-id:nope", "FIELD_INVALID")]
    [InlineData("sha:ABCDEF", "FIELD_INVALID")]
    public void ValidateLookup_Invalid_ThrowsReason(string input, string reason)
    {
        var request = new GetDtcStatusRequest();
        if (input.StartsWith("dtc-id:", StringComparison.Ordinal))
        {
            request.DtcId = input["dtc-id:".Length..];
        }
        else if (input.StartsWith("sha:", StringComparison.Ordinal))
        {
            request.ContentInfoSha256 = input["sha:".Length..];
        }

        Assert.Equal(reason, Assert.Throws<CredentialsException>(() => DtcStatusHandler.ValidateLookup(request)).Reason);
    }

    [Fact]
    public void ValidateLookup_LowercaseSha256_ReturnsHash()
    {
        var hash = new string('a', 64);

        Assert.Equal(hash, DtcStatusHandler.ValidateLookup(new GetDtcStatusRequest { ContentInfoSha256 = hash }).ContentHash);
    }

    [Fact]
    public void ValidateRevoke_MissingRequestId_ThrowsRequestIdMissing()
    {
        var error = Assert.Throws<CredentialsException>(() => DtcStatusHandler.ValidateRevoke(new RevokeDtcRequest { DtcId = Guid.NewGuid().ToString() }, new DtcOptions()));

        Assert.Equal("REQUEST_ID_MISSING", error.Reason);
    }

    [Fact]
    public void ValidateRevoke_UnknownReason_ThrowsFieldInvalid()
    {
        var request = new RevokeDtcRequest { RequestId = "r-0000000000000001", DtcId = Guid.NewGuid().ToString(), Reason = (DtcRevocationReason)99 };

        Assert.Equal("FIELD_INVALID", Assert.Throws<CredentialsException>(() => DtcStatusHandler.ValidateRevoke(request, new DtcOptions())).Reason);
    }

    [Theory]
    [InlineData("127.0.0.1:8443", true)]
    [InlineData("https://trust-anchor:443", true)]
    [InlineData("trust-anchor", false)]
    [InlineData("host:0", false)]
    public void OptionsValidator_Endpoint_Checked(string endpoint, bool valid)
    {
        var result = new DtcOptionsValidator().Validate(null, new DtcOptions { TrustAnchorEndpoint = endpoint });

        Assert.Equal(valid, result.Succeeded);
    }

    [Fact]
    public void OptionsValidator_ZeroValidity_Fails()
    {
        Assert.False(new DtcOptionsValidator().Validate(null, new DtcOptions { MaxValidity = TimeSpan.Zero }).Succeeded);
    }

    private static DtcRecord Record(DateTimeOffset? revokedAt) => new()
    {
        DtcId = Guid.NewGuid(),
        RequestId = "r",
        RequestHash = new byte[32],
        Binding = DtcBinding.EmrtdBound,
        ObjectKey = "sha256/00",
        ContentInfoSha256 = new string('0', 64),
        SecurityObjectSha256 = new string('1', 64),
        IssuedAt = Issued,
        ExpiresAt = Issued.AddDays(30),
        RevokedAt = revokedAt,
        RequestedBy = "spiffe://credentials/admin",
    };
}
