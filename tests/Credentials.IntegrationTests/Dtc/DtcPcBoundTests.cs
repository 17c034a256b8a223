using System.Diagnostics;
using System.Security.Cryptography;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Contracts.Dtc.V1;
using Credentials.Contracts.Ledger.V1;
using Credentials.Icao9303.Dtc;
using Credentials.IntegrationTests.Csca;
using Credentials.IntegrationTests.Services;
using Google.Protobuf;
using Grpc.Core;

namespace Credentials.IntegrationTests.Dtc;

/// <summary>
/// Issue 8, PC-bound DTC profile on the real stack (docs/dtc.md): the dtc service makes its DTC Signer key in its HSM
/// token, gets the certificate from csca (IssueSignerCertificate, kind DTC_SIGNER, CSCA <see cref="SignerCscaId"/> as
/// configured by <see cref="SuiteFixture"/>), signs dtcTBS; VerifyDtc checks the digest, the signature, the dtcTBS
/// validity and the signer's path and revocation through trust-anchor's VerifyCertificate. The CSCA is long-lived
/// (created once per stack) so trust-anchor, which learns CSCAs from csca's events, knows it after the first run.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class DtcPcBoundTests
{
    /// <summary>Equals SuiteFixture's <c>Dtc__SignerCscaId</c>.</summary>
    private const string SignerCscaId = "dtc-it-signer";

    /// <summary>
    /// How long to wait for trust-anchor to take a newly created CSCA into its snapshot (a rebuild can take minutes with
    /// the ~1,000 real CSCAs other tests import; docs/trust-anchor.md). A wait for a precondition, not a timing assertion.
    /// </summary>
    private static readonly TimeSpan TrustWait = TimeSpan.FromMinutes(10);

    private readonly SuiteFixture _suite;

    public DtcPcBoundTests(SuiteFixture suite)
    {
        _suite = suite;
    }

    private static CallOptions Call => new(deadline: DateTime.UtcNow.AddSeconds(150), cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task IssueVerify_PcBound_ValidAndOneChangedByteFails()
    {
        using var passports = new DtcPassports(_suite);
        await passports.EnsureCscaAsync(SignerCscaId);
        using var tls = _suite.ClientTls("admin");
        using var channel = _suite.Channel("dtc", tls);
        var dtc = new DtcService.DtcServiceClient(channel);
        var physicalComponent = RandomNumberGenerator.GetBytes(32);

        var request = PcBoundRequest(physicalComponent);
        var issued = await dtc.IssueDtcAsync(request, Call);

        Assert.False(issued.Replayed);
        Assert.Equal(DtcBinding.PcBound, issued.Dtc.Binding);
        Assert.Equal(DtcStatus.Active, issued.Dtc.Status);
        Assert.Empty(issued.Dtc.SecurityObjectSha256);
        Assert.Matches("^[0-9a-f]{64}$", issued.Dtc.SignerCertificateSha256);
        var decoded = DtcContentInfo.Decode(issued.Dtc.ContentInfo.Memory);
        Assert.Equal(DtcBindingKind.PcBound, decoded.Binding);
        Assert.Null(decoded.Data.SecurityObject);
        Assert.NotNull(decoded.Tbs);
        Assert.Equal(physicalComponent, decoded.Tbs.Find(DtcTbsValueType.PhysicalComponentIdentifier)!.Value.ToArray());
        Assert.Equal(issued.Dtc.IssuedAt.ToDateTimeOffset(), decoded.Tbs.ValidFrom);
        Assert.Equal(issued.Dtc.ExpiresAt.ToDateTimeOffset(), decoded.Tbs.ValidUntil);
        Assert.Equal(issued.Dtc.SignerCertificateSha256, Convert.ToHexStringLower(SHA256.HashData(decoded.SignerInfo!.SignerCertificate)));
        var outcome = DtcSignatureVerifier.Verify(decoded);
        Assert.Equal(new DtcSignatureOutcome(true, true, null), outcome with { SignerRole = null });
        Assert.Equal("role.ok", outcome.SignerRole!.Value.Reason);

        var replay = await dtc.IssueDtcAsync(request, Call);
        Assert.True(replay.Replayed);
        Assert.Equal(issued.Dtc.ContentInfo, replay.Dtc.ContentInfo);

        var verified = await VerifyWhenTrustedAsync(dtc, issued.Dtc.ContentInfo);
        AssertValid(verified);
        Assert.Equal(DtcBinding.PcBound, verified.Binding);
        Assert.Equal(issued.Dtc.DtcId, verified.DtcId);
        Assert.Equal(DtcStatus.Active, verified.Status);
        Assert.Equal(issued.Dtc.SignerCertificateSha256, verified.DtcSignerCertificate.FingerprintSha256);
        Assert.Equal(CertificateKind.DtcSigner, verified.DtcSignerCertificate.Kind);
        Assert.Contains("V", verified.DtcSignerCertificate.DocumentTypes);
        foreach (var name in new[] { "dtc.data-digest", "dtc.signature", "dtc.validity" })
        {
            Assert.Contains(verified.Checks, c => c.Name == name && c.Status == CheckStatus.Pass);
        }

        // One byte of DG2 changed: the dtcTBS digest over DTCData no longer matches.
        var groups = decoded.Data.DataGroups.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        groups[2][100] ^= 0x01;
        var dgTampered = new DtcContentInfo(new DtcData(null, groups), decoded.Tbs, decoded.SignerInfo).Encode();
        var dgRejected = await dtc.VerifyDtcAsync(new VerifyDtcRequest { ContentInfo = ByteString.CopyFrom(dgTampered) }, Call);
        Assert.Equal(Verdict.Invalid, dgRejected.Verdict);
        Assert.Contains(dgRejected.Checks, c => c.Name == "dtc.data-digest" && c.Status == CheckStatus.Fail && c.Reason == "DTC_DATA_DIGEST_MISMATCH");
        Assert.Contains(dgRejected.Checks, c => c.Name == "dtc.signature" && c.Status == CheckStatus.Pass);

        // One byte of dtcTBS changed (inside the opaque physical-component identifier): the signature no longer verifies.
        var tbsTampered = FlipByteOf(issued.Dtc.ContentInfo.ToByteArray(), physicalComponent);
        var tbsRejected = await dtc.VerifyDtcAsync(new VerifyDtcRequest { ContentInfo = ByteString.CopyFrom(tbsTampered) }, Call);
        Assert.Equal(Verdict.Invalid, tbsRejected.Verdict);
        Assert.Contains(tbsRejected.Checks, c => c.Name == "dtc.signature" && c.Status == CheckStatus.Fail && c.Reason == "DTC_SIGNATURE_INVALID");
        Assert.Contains(tbsRejected.Checks, c => c.Name == "dtc.data-digest" && c.Status == CheckStatus.Pass);

        await AssertIssuedInLedgerAsync(issued.Dtc.DtcId);
    }

    [Fact]
    public async Task IssueVerify_EmrtdPcBound_ValidAndOneChangedByteFails()
    {
        using var passports = new DtcPassports(_suite);
        await passports.EnsureCscaAsync(SignerCscaId);
        var documentType = await passports.CreateIssuerAsync(SignerCscaId);
        var (issuance, dataGroups) = await passports.IssuePassportAsync(documentType);
        using var tls = _suite.ClientTls("admin");
        using var channel = _suite.Channel("dtc", tls);
        var dtc = new DtcService.DtcServiceClient(channel);

        var request = new IssueDtcRequest
        {
            RequestId = DtcPassports.NewId(),
            Binding = DtcBinding.EmrtdPcBound,
            SecurityObject = issuance.SecurityObject,
            Validity = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromDays(30)),
        };
        foreach (var (number, content) in dataGroups)
        {
            request.DataGroups.Add(new DataGroupContent { Number = number, Content = ByteString.CopyFrom(content) });
        }

        var issued = await IssueWhenTrustedAsync(dtc, request);
        Assert.Equal(DtcBinding.EmrtdPcBound, issued.Dtc.Binding);
        Assert.Equal(issuance.SecurityObjectSha256, issued.Dtc.SecurityObjectSha256);
        Assert.Contains(issued.Checks, c => c.Status == CheckStatus.Pass);
        var decoded = DtcContentInfo.Decode(issued.Dtc.ContentInfo.Memory);
        Assert.Equal(DtcBindingKind.EmrtdPcBound, decoded.Binding);
        Assert.Equal(issuance.SecurityObject.ToByteArray(), decoded.Data.SecurityObject);
        Assert.Null(decoded.Tbs!.Find(DtcTbsValueType.PhysicalComponentIdentifier));
        Assert.Equal(TimeSpan.FromDays(30), decoded.Tbs.ValidUntil - decoded.Tbs.ValidFrom);

        var verified = await VerifyWhenTrustedAsync(dtc, issued.Dtc.ContentInfo);
        AssertValid(verified);
        Assert.Equal(DtcBinding.EmrtdPcBound, verified.Binding);
        Assert.NotNull(verified.DocumentSignerCertificate);
        Assert.Equal(issued.Dtc.SignerCertificateSha256, verified.DtcSignerCertificate.FingerprintSha256);
        Assert.Contains(verified.Checks, c => c.Name == "dtc.passive-authentication" && c.Status is CheckStatus.Pass or CheckStatus.Warn);
        Assert.Contains(verified.Checks, c => c.Name == "dtc.signature" && c.Status == CheckStatus.Pass);

        // One byte of DG2 changed: Passive Authentication (SOD hash) and the dtcTBS digest both fail.
        var groups = decoded.Data.DataGroups.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        groups[2][100] ^= 0x01;
        var tampered = new DtcContentInfo(new DtcData(decoded.Data.SecurityObject, groups), decoded.Tbs, decoded.SignerInfo).Encode();
        var rejected = await dtc.VerifyDtcAsync(new VerifyDtcRequest { ContentInfo = ByteString.CopyFrom(tampered) }, Call);
        Assert.Equal(Verdict.Invalid, rejected.Verdict);
        Assert.Contains(rejected.Checks, c => c.Name == "dtc.passive-authentication" && c.Status == CheckStatus.Fail);
        Assert.Contains(rejected.Checks, c => c.Name == "dtc.data-digest" && c.Reason == "DTC_DATA_DIGEST_MISMATCH");

        await AssertIssuedInLedgerAsync(issued.Dtc.DtcId);
    }

    [Fact]
    public async Task VerifyDtc_SignerCertificateRevokedAtCsca_ReportsRevokedWithin5SecondsAndNextIssuanceRotates()
    {
        using var passports = new DtcPassports(_suite);
        await passports.EnsureCscaAsync(SignerCscaId);
        using var tls = _suite.ClientTls("admin");
        using var dtcChannel = _suite.Channel("dtc", tls);
        using var cscaChannel = _suite.Channel("csca", tls);
        var dtc = new DtcService.DtcServiceClient(dtcChannel);
        var csca = new CscaService.CscaServiceClient(cscaChannel);

        var issued = await dtc.IssueDtcAsync(PcBoundRequest(null), Call);
        AssertValid(await VerifyWhenTrustedAsync(dtc, issued.Dtc.ContentInfo));

        var stopwatch = Stopwatch.StartNew();
        var revocation = await csca.RevokeCertificateAsync(
            new RevokeCertificateRequest { RequestId = DtcPassports.NewId(), FingerprintSha256 = issued.Dtc.SignerCertificateSha256, Reason = RevocationReason.KeyCompromise },
            Call);
        Assert.Equal(CertificateStatus.Revoked, revocation.Certificate.Status);
        VerifyDtcResponse afterRevocation;
        do
        {
            afterRevocation = await dtc.VerifyDtcAsync(new VerifyDtcRequest { ContentInfo = issued.Dtc.ContentInfo }, Call);
            if (SignerRevoked(afterRevocation))
            {
                break;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(30));

        var elapsed = stopwatch.Elapsed;
        TestContext.Current.TestOutputHelper?.WriteLine($"DTC Signer revocation visible in VerifyDtc after {elapsed.TotalMilliseconds:F0} ms");
        Assert.True(SignerRevoked(afterRevocation), $"not reported revoked after {elapsed}: {Describe(afterRevocation)}");
        Assert.True(elapsed <= TimeSpan.FromSeconds(5), $"the revocation reached VerifyDtc after {elapsed}, not within 5 s");
        Assert.Equal(Verdict.Invalid, afterRevocation.Verdict);
        Assert.Equal(CertificateStatus.Revoked, afterRevocation.DtcSignerCertificate.Status);

        // The next PC-bound issuance notices the revocation (status re-asked at most every Dtc:SignerStatusCacheDuration)
        // and signs with a new DTC Signer key whose certificate is valid.
        IssueDtcResponse rotated;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            rotated = await dtc.IssueDtcAsync(PcBoundRequest(null), Call);
            if (rotated.Dtc.SignerCertificateSha256 != issued.Dtc.SignerCertificateSha256)
            {
                break;
            }

            await Task.Delay(1000, TestContext.Current.CancellationToken);
        }
        while (DateTime.UtcNow < deadline);

        Assert.NotEqual(issued.Dtc.SignerCertificateSha256, rotated.Dtc.SignerCertificateSha256);
        AssertValid(await VerifyWhenTrustedAsync(dtc, rotated.Dtc.ContentInfo));
    }

    private static IssueDtcRequest PcBoundRequest(byte[]? physicalComponent)
    {
        var face = RandomNumberGenerator.GetBytes(2048);
        face[0] = 0x75;
        var documentNumber = "PC" + RandomNumberGenerator.GetInt32(10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
        var request = new IssueDtcRequest
        {
            RequestId = DtcPassports.NewId(),
            Binding = DtcBinding.PcBound,
            Validity = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromDays(30)),
        };
        request.DataGroups.Add(new DataGroupContent { Number = 1, Content = ByteString.CopyFrom(DtcPassports.DataGroup1(documentNumber)) });
        request.DataGroups.Add(new DataGroupContent { Number = 2, Content = ByteString.CopyFrom(face) });
        if (physicalComponent is not null)
        {
            request.PhysicalComponentIdentifier = ByteString.CopyFrom(physicalComponent);
        }

        return request;
    }

    private static byte[] FlipByteOf(byte[] der, byte[] needle)
    {
        var index = der.AsSpan().IndexOf(needle);
        Assert.True(index > 0, "the physical-component identifier is not in the DER");
        der[index + 5] ^= 0x01;
        return der;
    }

    private static bool SignerRevoked(VerifyDtcResponse response) =>
        response.Checks.Any(c => c.Name == "dtc.signer-certificate" && c.Reason == "DTC_SIGNER_REVOKED");

    private static string Describe(VerifyDtcResponse response) =>
        $"verdict {response.Verdict}: " + string.Join("; ", response.Checks.Select(c => $"{c.Name}={c.Status} {c.Reason} {c.Detail}"));

    private static void AssertValid(VerifyDtcResponse response)
    {
        Assert.True(response.Verdict is Verdict.Valid or Verdict.ValidWithWarnings, Describe(response));
        Assert.DoesNotContain(response.Checks, c => c.Status == CheckStatus.Fail);
        Assert.Contains(response.Checks, c => c.Name == "dtc.signer-certificate" && c.Status is CheckStatus.Pass or CheckStatus.Warn);
    }

    /// <summary>VerifyDtc, repeated while trust-anchor does not yet know the signer CSCA (first run on a stack only).</summary>
    private static async Task<VerifyDtcResponse> VerifyWhenTrustedAsync(DtcService.DtcServiceClient dtc, ByteString contentInfo)
    {
        var deadline = DateTime.UtcNow + TrustWait;
        while (true)
        {
            var response = await dtc.VerifyDtcAsync(new VerifyDtcRequest { ContentInfo = contentInfo }, Call);
            if (response.Verdict is Verdict.Valid or Verdict.ValidWithWarnings || DateTime.UtcNow >= deadline)
            {
                return response;
            }

            await Task.Delay(1000, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>IssueDtc, repeated while trust-anchor has not yet taken the signer CSCA into its snapshot (Passive Authentication).</summary>
    private static async Task<IssueDtcResponse> IssueWhenTrustedAsync(DtcService.DtcServiceClient dtc, IssueDtcRequest request)
    {
        var deadline = DateTime.UtcNow + TrustWait;
        while (true)
        {
            try
            {
                return await dtc.IssueDtcAsync(request, Call);
            }
            catch (RpcException error) when ((CscaClientFixture.Reason(error) == "PASSIVE_AUTHENTICATION_FAILED" || error.StatusCode == StatusCode.Unavailable)
                                             && DateTime.UtcNow < deadline)
            {
                await Task.Delay(1000, TestContext.Current.CancellationToken);
            }
        }
    }

    /// <summary>DtcIssued reaches the ledger through the outbox relay and Kafka (waited for, not timed).</summary>
    private async Task AssertIssuedInLedgerAsync(string dtcId)
    {
        using var tls = _suite.ClientTls("admin");
        using var channel = _suite.Channel("ledger", tls);
        var ledger = new LedgerService.LedgerServiceClient(channel);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        GetCredentialStatusResponse status;
        do
        {
            status = await ledger.GetCredentialStatusAsync(new GetCredentialStatusRequest { DtcId = dtcId }, Call);
            if (status.Status == CredentialStatus.Issued)
            {
                break;
            }

            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(CredentialStatus.Issued, status.Status);
        Assert.Equal(CredentialKind.Dtc, status.Kind);
        Assert.Equal(dtcId, status.CredentialId);
    }
}
