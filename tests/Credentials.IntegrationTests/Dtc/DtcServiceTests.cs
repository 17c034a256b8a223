using System.Diagnostics;
using System.Security.Cryptography;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Dtc.V1;
using Credentials.Contracts.Ledger.V1;
using Credentials.Icao9303.Dtc;
using Credentials.IntegrationTests.Csca;
using Credentials.IntegrationTests.Services;
using Google.Protobuf;
using Grpc.Core;
using Npgsql;

namespace Credentials.IntegrationTests.Dtc;

/// <summary>
/// Issue 8, DTC half, on the real stack: a passport SOD from our document-signer (DSC from our csca; trust-anchor learns the CSCA
/// from csca's event) → IssueDtc (Passive Authentication by trust-anchor over mTLS with the dtc identity) → VerifyDtc; a DTC
/// with one DG byte changed fails; RevokeDtc → GetDtcStatus REVOKED, and the ledger's GetCredentialStatus REVOKED within
/// 5 seconds (the passport's CredentialIssued and the DtcIssued reached it before); events in the dtc outbox; invalid input is
/// INVALID_ARGUMENT with a reason.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class DtcServiceTests
{
    private readonly SuiteFixture _suite;

    public DtcServiceTests(SuiteFixture suite)
    {
        _suite = suite;
    }

    private static CallOptions Call => new(deadline: DateTime.UtcNow.AddSeconds(150), cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task IssueVerifyRevoke_PassportFromOurDocumentSigner_FullLifecycle()
    {
        using var passports = new DtcPassports(_suite);
        using var tls = _suite.ClientTls("admin");
        using var dtcChannel = _suite.Channel("dtc", tls);
        var dtc = new DtcService.DtcServiceClient(dtcChannel);
        var documentType = await passports.CreateIssuerAsync();
        var (issuance, dataGroups) = await passports.IssuePassportAsync(documentType);
        using var ledgerChannel = _suite.Channel("ledger", tls);
        var ledger = new LedgerService.LedgerServiceClient(ledgerChannel);
        var passport = await WaitForLedgerAsync(
            ledger, new GetCredentialStatusRequest { SecurityObjectSha256 = issuance.SecurityObjectSha256, Kind = CredentialKind.Emrtd }, CredentialStatus.Issued, TimeSpan.FromSeconds(60));
        Assert.Equal(issuance.CredentialId, passport.Response.CredentialId);

        var request = new IssueDtcRequest { RequestId = DtcPassports.NewId(), SecurityObject = issuance.SecurityObject, Validity = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromDays(30)) };
        foreach (var (number, content) in dataGroups)
        {
            request.DataGroups.Add(new DataGroupContent { Number = number, Content = ByteString.CopyFrom(content) });
        }

        var issued = await IssueWhenTrustedAsync(dtc, request);
        Assert.False(issued.Replayed);
        Assert.Equal(DtcBinding.EmrtdBound, issued.Dtc.Binding);
        Assert.Equal(DtcStatus.Active, issued.Dtc.Status);
        Assert.Equal(issuance.SecurityObjectSha256, issued.Dtc.SecurityObjectSha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(issued.Dtc.ContentInfo.Span)), issued.Dtc.ContentInfoSha256);
        Assert.InRange(issued.Dtc.ExpiresAt.ToDateTimeOffset() - issued.Dtc.IssuedAt.ToDateTimeOffset(), TimeSpan.FromDays(30), TimeSpan.FromDays(30));
        var decoded = DtcContentInfo.Decode(issued.Dtc.ContentInfo.Memory);
        Assert.Equal(DtcBindingKind.EmrtdBound, decoded.Binding);
        Assert.Null(decoded.Tbs);
        Assert.Null(decoded.SignerInfo);
        Assert.Equal(issuance.SecurityObject.ToByteArray(), decoded.Data.SecurityObject);
        Assert.Equal(dataGroups.Keys.Order(), decoded.Data.DataGroups.Keys);

        var replay = await dtc.IssueDtcAsync(request, Call);
        Assert.True(replay.Replayed);
        Assert.Equal(issued.Dtc.DtcId, replay.Dtc.DtcId);
        Assert.Equal(issued.Dtc.ContentInfo, replay.Dtc.ContentInfo);

        var verified = await dtc.VerifyDtcAsync(new VerifyDtcRequest { ContentInfo = issued.Dtc.ContentInfo }, Call);
        Assert.True(
            verified.Verdict is Verdict.Valid or Verdict.ValidWithWarnings,
            $"verdict {verified.Verdict}: {string.Join("; ", verified.Checks.Select(c => $"{c.Name}={c.Status} {c.Reason}"))}");
        Assert.DoesNotContain(verified.Checks, c => c.Status == CheckStatus.Fail);
        Assert.Equal(DtcStatus.Active, verified.Status);
        Assert.Equal(issued.Dtc.DtcId, verified.DtcId);
        Assert.Equal(DtcBinding.EmrtdBound, verified.Binding);
        Assert.NotNull(verified.DocumentSignerCertificate);

        // One byte of DG2 changed: the SOD's hash over DG2 no longer matches.
        var tamperedGroups = decoded.Data.DataGroups.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        tamperedGroups[2][100] ^= 0x01;
        var tampered = new DtcContentInfo(new DtcData(decoded.Data.SecurityObject, tamperedGroups)).Encode();
        var rejected = await dtc.VerifyDtcAsync(new VerifyDtcRequest { ContentInfo = ByteString.CopyFrom(tampered) }, Call);
        Assert.Equal(Verdict.Invalid, rejected.Verdict);
        Assert.Contains(rejected.Checks, c => c.Name == "dtc.passive-authentication" && c.Status == CheckStatus.Fail);

        var revokeRequest = new RevokeDtcRequest { RequestId = DtcPassports.NewId(), DtcId = issued.Dtc.DtcId, Reason = DtcRevocationReason.Lost };
        var stopwatch = Stopwatch.StartNew();
        var revoked = await dtc.RevokeDtcAsync(revokeRequest, Call);
        Assert.Equal(DtcStatus.Revoked, revoked.Dtc.Status);
        var status = await dtc.GetDtcStatusAsync(new GetDtcStatusRequest { DtcId = issued.Dtc.DtcId }, Call);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal(DtcStatus.Revoked, status.Dtc.Status);
        Assert.Equal(DtcRevocationReason.Lost, status.Dtc.RevocationReason);
        Assert.True(status.Dtc.ContentInfo.IsEmpty);
        var inLedger = await WaitForLedgerAsync(ledger, new GetCredentialStatusRequest { DtcId = issued.Dtc.DtcId }, CredentialStatus.Revoked, TimeSpan.FromSeconds(5));
        TestContext.Current.TestOutputHelper?.WriteLine($"DtcRevoked in the ledger after {inLedger.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(CredentialKind.Dtc, inLedger.Response.Kind);
        var dtcBySod = await ledger.GetCredentialStatusAsync(
            new GetCredentialStatusRequest { SecurityObjectSha256 = issuance.SecurityObjectSha256, Kind = CredentialKind.Dtc }, Call);
        Assert.Equal((issued.Dtc.DtcId, CredentialStatus.Revoked), (dtcBySod.CredentialId, dtcBySod.Status));
        var byHash = await dtc.GetDtcStatusAsync(new GetDtcStatusRequest { ContentInfoSha256 = issued.Dtc.ContentInfoSha256 }, Call);
        Assert.Equal(issued.Dtc.DtcId, byHash.Dtc.DtcId);

        var again = await dtc.RevokeDtcAsync(revokeRequest, Call);
        Assert.Equal(DtcStatus.Revoked, again.Dtc.Status);
        var twice = await Assert.ThrowsAsync<RpcException>(async () =>
            await dtc.RevokeDtcAsync(new RevokeDtcRequest { RequestId = DtcPassports.NewId(), DtcId = issued.Dtc.DtcId }, Call));
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        Assert.Equal("DTC_ALREADY_REVOKED", CscaClientFixture.Reason(twice));

        var afterRevocation = await dtc.VerifyDtcAsync(new VerifyDtcRequest { ContentInfo = issued.Dtc.ContentInfo }, Call);
        Assert.Equal(Verdict.Invalid, afterRevocation.Verdict);
        Assert.Equal(DtcStatus.Revoked, afterRevocation.Status);
        Assert.Contains(afterRevocation.Checks, c => c.Name == "dtc.status" && c.Reason == "DTC_REVOKED");

        Assert.Equal(1, await CountEventsAsync(issued.Dtc.DtcId, "dtc.issued"));
        Assert.Equal(1, await CountEventsAsync(issued.Dtc.DtcId, "dtc.revoked"));
    }

    [Fact]
    public async Task Rpcs_InvalidInput_InvalidArgumentWithReasons()
    {
        _suite.RequireStack();
        using var tls = _suite.ClientTls("admin");
        using var channel = _suite.Channel("dtc", tls);
        var dtc = new DtcService.DtcServiceClient(channel);
        var sod = new byte[] { 0x77, 0x03, 0x30, 0x01, 0x00 };
        var dg1 = DtcPassports.DataGroup1("NX1234567");

        async Task Expect(string reason, Func<Task> call)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{reason}: {error.Status}");
            Assert.True(CscaClientFixture.Reason(error) == reason, $"expected {reason}, got {CscaClientFixture.Reason(error)} ({error.Status.Detail})");
        }

        IssueDtcRequest Issue(params (int Number, byte[] Content)[] groups)
        {
            var request = new IssueDtcRequest { RequestId = DtcPassports.NewId(), SecurityObject = ByteString.CopyFrom(sod) };
            request.DataGroups.AddRange(groups.Select(g => new DataGroupContent { Number = g.Number, Content = ByteString.CopyFrom(g.Content) }));
            return request;
        }

        await Expect("REQUEST_ID_MISSING", async () => await dtc.IssueDtcAsync(new IssueDtcRequest(), Call));
        await Expect("FIELD_REQUIRED", async () => await dtc.IssueDtcAsync(new IssueDtcRequest { RequestId = DtcPassports.NewId() }, Call));
        await Expect("DATA_GROUP_REQUIRED", async () => await dtc.IssueDtcAsync(Issue((1, dg1)), Call));
        await Expect("DATA_GROUP_NUMBER_INVALID", async () => await dtc.IssueDtcAsync(Issue((1, dg1), (2, [0x75, 0x00]), (17, [0x01])), Call));
        await Expect("DATA_GROUP_DUPLICATE", async () => await dtc.IssueDtcAsync(Issue((1, dg1), (1, dg1), (2, [0x75, 0x00])), Call));
        await Expect("SOD_MALFORMED", async () =>
            await dtc.IssueDtcAsync(new IssueDtcRequest { RequestId = DtcPassports.NewId(), SecurityObject = ByteString.CopyFrom([0x30, 0x00]) }, Call));
        await Expect("FIELD_REQUIRED", async () => await dtc.VerifyDtcAsync(new VerifyDtcRequest(), Call));
        await Expect("DTC_MALFORMED", async () => await dtc.VerifyDtcAsync(new VerifyDtcRequest { ContentInfo = ByteString.CopyFrom([0x30, 0x03, 0x02, 0x01, 0x02]) }, Call));
        await Expect("FIELD_INVALID", async () => await dtc.GetDtcStatusAsync(new GetDtcStatusRequest { DtcId = "not-a-uuid" }, Call));
        await Expect("FIELD_INVALID", async () => await dtc.GetDtcStatusAsync(new GetDtcStatusRequest { ContentInfoSha256 = "ABC" }, Call));
        await Expect("FIELD_REQUIRED", async () => await dtc.GetDtcStatusAsync(new GetDtcStatusRequest(), Call));
        await Expect("REQUEST_ID_MISSING", async () => await dtc.RevokeDtcAsync(new RevokeDtcRequest { DtcId = Guid.NewGuid().ToString() }, Call));

        var missing = await Assert.ThrowsAsync<RpcException>(async () => await dtc.GetDtcStatusAsync(new GetDtcStatusRequest { DtcId = Guid.NewGuid().ToString() }, Call));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal("DTC_NOT_FOUND", CscaClientFixture.Reason(missing));
        await Expect("FIELD_INVALID", async () =>
        {
            var request = Issue((1, dg1), (2, [0x75, 0x00]));
            request.Binding = DtcBinding.PcBound; // a PC-bound DTC carries no eMRTD SOD
            await dtc.IssueDtcAsync(request, Call);
        });
        await Expect("FIELD_INVALID", async () =>
        {
            var request = Issue((1, dg1), (2, [0x75, 0x00]));
            request.PhysicalComponentIdentifier = ByteString.CopyFrom(1, 2, 3); // a dtcTBS value: not for EMRTD_BOUND
            await dtc.IssueDtcAsync(request, Call);
        });
    }

    [Fact]
    public async Task IssueDtc_Dg2ChangedAfterSigning_FailsPassiveAuthentication()
    {
        _suite.RequireStack();
        using var tls = _suite.ClientTls("admin");
        using var channel = _suite.Channel("dtc", tls);
        var dtc = new DtcService.DtcServiceClient(channel);
        using var passports = new DtcPassports(_suite);
        var documentType = await passports.CreateIssuerAsync();
        var (issuance, dataGroups) = await passports.IssuePassportAsync(documentType);
        var request = new IssueDtcRequest { RequestId = DtcPassports.NewId(), SecurityObject = issuance.SecurityObject };
        foreach (var (number, content) in dataGroups)
        {
            var bytes = content.ToArray();
            if (number == 2)
            {
                bytes[10] ^= 0xFF;
            }

            request.DataGroups.Add(new DataGroupContent { Number = number, Content = ByteString.CopyFrom(bytes) });
        }

        var error = await Assert.ThrowsAsync<RpcException>(async () => await dtc.IssueDtcAsync(request, Call));

        Assert.True(error.StatusCode == StatusCode.FailedPrecondition, error.Status.ToString());
        Assert.Equal("PASSIVE_AUTHENTICATION_FAILED", CscaClientFixture.Reason(error));
    }

    /// <summary>IssueDtc, retried while trust-anchor has not yet taken the new CSCA (csca's event) into its snapshot.</summary>
    private static async Task<IssueDtcResponse> IssueWhenTrustedAsync(DtcService.DtcServiceClient dtc, IssueDtcRequest request)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                return await dtc.IssueDtcAsync(request, Call);
            }
            catch (RpcException error) when ((CscaClientFixture.Reason(error) == "PASSIVE_AUTHENTICATION_FAILED" || error.StatusCode == StatusCode.Unavailable)
                                             && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, TestContext.Current.CancellationToken);
            }
        }
    }

    /// <summary>Polls the ledger until the credential has <paramref name="wanted"/>; fails after <paramref name="limit"/>.</summary>
    private static async Task<(GetCredentialStatusResponse Response, TimeSpan Elapsed)> WaitForLedgerAsync(
        LedgerService.LedgerServiceClient ledger, GetCredentialStatusRequest request, CredentialStatus wanted, TimeSpan limit)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var response = await ledger.GetCredentialStatusAsync(request, Call);
            if (response.Status == wanted)
            {
                return (response, stopwatch.Elapsed);
            }

            Assert.True(stopwatch.Elapsed < limit, $"ledger status {response.Status}, not {wanted}, after {stopwatch.Elapsed}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<long> CountEventsAsync(string dtcId, string eventType)
    {
        await using var dataSource = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("CRED_PG_CONNECTION")!);
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM dtc.outbox_messages WHERE aggregate_key = @key AND event_type = @type");
        command.Parameters.AddWithValue("key", dtcId);
        command.Parameters.AddWithValue("type", eventType);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
