using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Core;
using Credentials.Dtc.Application;
using Credentials.Dtc.Infrastructure;
using Credentials.Dtc.Options;
using Credentials.Grpc;
using Credentials.Icao9303.Dtc;
using Credentials.KeyVault;
using Credentials.SignerKeys;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credentials.Dtc.Tests;

/// <summary>
/// The DTC Signer key lifecycle over an in-memory vault, an in-memory key store, a test CSCA that certifies the PKCS#10
/// request, and a scripted trust-anchor answer.
/// </summary>
public sealed class DtcSignerKeysTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private readonly SoftwareKeyVaultClient _vault = new(new DevelopmentEnvironment());
    private readonly MemoryStore _store = new();
    private readonly TestCsca _csca = new();
    private readonly ScriptedTrustAnchor _trustAnchor = new();
    private readonly ManualClock _clock = new(Start);
    private readonly SignerKeyStore _keyStore;

    public DtcSignerKeysTests()
    {
        _keyStore = new SignerKeyStore(_store, TimeSpan.Zero, _clock, NullLogger<SignerKeyStore>.Instance);
    }

    public void Dispose()
    {
        _keyStore.Dispose();
        _vault.Dispose();
        _csca.Dispose();
    }

    [Fact]
    public async Task CurrentAsync_NoKey_GeneratesHsmKeyAndDtcSignerCertificate()
    {
        using var keys = Keys();

        var key = await keys.CurrentAsync(TestContext.Current.CancellationToken);

        Assert.StartsWith("dtcs-", key.KeyLabel, StringComparison.Ordinal);
        Assert.Single(_store.Keys);
        var request = Assert.Single(_csca.Requests);
        Assert.Equal(SignerKind.DtcSigner, request.SignerKind);
        Assert.Equal(["V"], request.DocumentTypes);
        Assert.Equal("test-csca", request.CscaId);
        Assert.StartsWith("dtc:" + key.KeyLabel + ":", request.RequestId, StringComparison.Ordinal);
        using var certificate = X509CertificateLoader.LoadCertificate(key.CertificateDer);
        Assert.Equal(
            await _vault.GetPublicKeyAsync(KeyReference.ByLabel(key.KeyLabel), TestContext.Current.CancellationToken),
            certificate.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(key.CertificateDer)), key.CertificateFingerprint);
        Assert.Empty(_trustAnchor.Asked);
    }

    [Fact]
    public async Task SignAsync_SignedDtc_VerifiesWithTheSignerCertificate()
    {
        using var keys = Keys();
        var key = await keys.CurrentAsync(TestContext.Current.CancellationToken);
        var data = new DtcData(null, new Dictionary<int, byte[]> { [1] = [0x61, 0x01, 0x00], [2] = [0x75, 0x01, 0x00] });
        var tbs = DtcTbsValues.ForData(data, Start, Start.AddDays(30));

        var signerInfo = await keys.SignAsync(key, tbs, TestContext.Current.CancellationToken);

        Assert.Equal("1.2.840.10045.4.3.2", signerInfo.SignatureAlgorithmOid);
        Assert.Equal(key.CertificateDer, signerInfo.SignerCertificate);
        var dtc = DtcContentInfo.Decode(new DtcContentInfo(data, tbs, signerInfo).Encode());
        var outcome = DtcSignatureVerifier.Verify(dtc);
        Assert.Equal(new DtcSignatureOutcome(true, true, null), outcome with { SignerRole = null });
        Assert.True(outcome.SignerRole!.Value.IsAllowed);
    }

    [Fact]
    public async Task CurrentAsync_WithinStatusCacheDuration_ReusesKeyWithoutAskingTrustAnchor()
    {
        using var keys = Keys();
        var first = await keys.CurrentAsync(TestContext.Current.CancellationToken);
        _clock.Now = Start.AddSeconds(4);

        var second = await keys.CurrentAsync(TestContext.Current.CancellationToken);

        Assert.Same(first, second);
        Assert.Empty(_trustAnchor.Asked);
    }

    [Theory]
    [InlineData(CertificateStatus.Valid, Verdict.ValidWithWarnings)]
    [InlineData(CertificateStatus.Unspecified, Verdict.Indeterminate)]
    public async Task CurrentAsync_AfterCacheDurationGoodOrUndecided_KeepsKey(CertificateStatus status, Verdict verdict)
    {
        using var keys = Keys();
        var first = await keys.CurrentAsync(TestContext.Current.CancellationToken);
        _trustAnchor.Answer = (status, verdict);
        _clock.Now = Start.AddSeconds(6);

        var second = await keys.CurrentAsync(TestContext.Current.CancellationToken);

        Assert.Equal(first.KeyLabel, second.KeyLabel);
        Assert.Equal([first.CertificateFingerprint], _trustAnchor.Asked);
        Assert.Single(_csca.Requests);
    }

    [Theory]
    [InlineData(CertificateStatus.Revoked, "certificate revoked")]
    [InlineData(CertificateStatus.Expired, "certificate expired")]
    public async Task CurrentAsync_CertificateRevokedOrExpired_RetiresKeyAndMakesNewOne(CertificateStatus status, string reason)
    {
        using var keys = Keys();
        var first = await keys.CurrentAsync(TestContext.Current.CancellationToken);
        _trustAnchor.Answer = (status, Verdict.Invalid);
        _clock.Now = Start.AddSeconds(6);

        var second = await keys.CurrentAsync(TestContext.Current.CancellationToken);

        Assert.NotEqual(first.KeyLabel, second.KeyLabel);
        Assert.NotEqual(first.CertificateFingerprint, second.CertificateFingerprint);
        Assert.Equal(reason, _store.Retired[first.KeyLabel]);
        Assert.Equal(2, _csca.Requests.Count);
    }

    [Fact]
    public async Task CurrentAsync_PrivateKeyUsageEnded_MakesNewKeyWithoutAsking()
    {
        using var keys = Keys();
        var first = await keys.CurrentAsync(TestContext.Current.CancellationToken);
        _clock.Now = first.PrivateKeyUsageNotAfter.AddSeconds(1);

        var second = await keys.CurrentAsync(TestContext.Current.CancellationToken);

        Assert.NotEqual(first.KeyLabel, second.KeyLabel);
        Assert.Empty(_trustAnchor.Asked);
    }

    [Fact]
    public async Task CurrentAsync_CscaUnavailable_DependencyUnavailable()
    {
        using var keys = Keys();
        _csca.Failure = new RpcException(new Status(StatusCode.Unavailable, "connection refused"));

        var error = await Assert.ThrowsAsync<CredentialsException>(() => keys.CurrentAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Equal("DEPENDENCY_UNAVAILABLE", error.Reason);
        Assert.Empty(_store.Keys);
    }

    [Fact]
    public async Task CurrentAsync_CscaRefuses_NoActiveSignerKey()
    {
        using var keys = Keys();
        _csca.Failure = new RpcException(new Status(StatusCode.FailedPrecondition, "more than one CSCA"));

        var error = await Assert.ThrowsAsync<CredentialsException>(() => keys.CurrentAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal("NO_ACTIVE_SIGNER_KEY", error.Reason);
    }

    [Fact]
    public async Task CurrentAsync_CertificateForAnotherKey_Refused()
    {
        using var keys = Keys();
        _csca.CertifyAnotherKey = true;

        var error = await Assert.ThrowsAsync<CredentialsException>(() => keys.CurrentAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Empty(_store.Keys);
    }

    private DtcSignerKeys Keys() => new(
        Microsoft.Extensions.Options.Options.Create(new DtcOptions { SignerCscaId = "test-csca", SignerStatusCacheDuration = TimeSpan.FromSeconds(5) }),
        _keyStore,
        new SignerKeyCertifier(_vault, _csca),
        _vault,
        _trustAnchor,
        _clock,
        NullLogger<DtcSignerKeys>.Instance);

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class DevelopmentEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;

        public string ApplicationName { get; set; } = "Credentials.Dtc.Tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    /// <summary>The keys in a list; the lock-and-plan of <see cref="ISignerKeyRepository.TransitionAsync"/> applied to it.</summary>
    private sealed class MemoryStore : ISignerKeyRepository
    {
        public List<SignerKeyRecord> Keys { get; } = [];

        public Dictionary<string, string> Retired { get; } = new(StringComparer.Ordinal);

        public Task<IReadOnlyList<SignerKeyRecord>> ListAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<SignerKeyRecord>>(Keys.OrderByDescending(k => k.CreatedAt).ToList());

        public Task<IReadOnlyList<SignerKeyRecord>> ListPageAsync(
            SignerKeyStatus? status, string documentType, SignerKeyKind? kind, (DateTimeOffset CreatedAt, string KeyId)? after, int limit, CancellationToken cancellationToken) =>
            throw new NotSupportedException("DtcSignerKeys never pages.");

        public Task InsertAsync(SignerKeyRecord key, CancellationToken cancellationToken)
        {
            Keys.Add(key);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<SignerKeyTransition>> TransitionAsync(
            Func<IReadOnlyList<SignerKeyRecord>, IReadOnlyList<SignerKeyTransition>> plan, CancellationToken cancellationToken)
        {
            var transitions = plan(Keys.ToList());
            foreach (var transition in transitions)
            {
                var index = Keys.FindIndex(k => k.KeyId == transition.KeyId);
                Keys[index] = transition.To == SignerKeyStatus.Retired
                    ? Keys[index] with { Status = SignerKeyStatus.Retired, RetiredAt = transition.At, RetiredReason = transition.Reason }
                    : Keys[index] with { Status = SignerKeyStatus.Active, ActivatedAt = transition.At };
                if (transition.To == SignerKeyStatus.Retired)
                {
                    Retired.TryAdd(transition.KeyId, transition.Reason);
                }
            }

            return Task.FromResult(transitions);
        }
    }

    /// <summary>Answers VerifyCertificate with a scripted status and verdict; records the fingerprints asked about.</summary>
    private sealed class ScriptedTrustAnchor : ISignerCertificateVerifier
    {
        public (CertificateStatus Status, Verdict Verdict) Answer { get; set; } = (CertificateStatus.Valid, Verdict.Valid);

        public List<string> Asked { get; } = [];

        public Task<VerifyCertificateResponse> VerifyCertificateAsync(
            ReadOnlyMemory<byte> certificate, VerificationPolicy? policy, DateTimeOffset? validationTime, CancellationToken cancellationToken)
        {
            var fingerprint = Convert.ToHexStringLower(SHA256.HashData(certificate.Span));
            Asked.Add(fingerprint);
            return Task.FromResult(new VerifyCertificateResponse
            {
                Verdict = Answer.Verdict,
                Certificate = new Certificate { FingerprintSha256 = fingerprint, Status = Answer.Status, Kind = CertificateKind.DtcSigner },
            });
        }
    }

    /// <summary>A throw-away P-256 CSCA that certifies the request's key (or, when told, another key) for 90 days, key usage 30 days.</summary>
    private sealed class TestCsca : ISignerCertificateIssuer, IDisposable
    {
        private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        private readonly X509Certificate2 _certificate;

        public TestCsca()
        {
            var request = new CertificateRequest("CN=CSCA Test,C=UT", _key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            _certificate = request.CreateSelfSigned(Start.AddDays(-1), Start.AddYears(5));
        }

        public List<IssueSignerCertificateRequest> Requests { get; } = [];

        public RpcException? Failure { get; set; }

        public bool CertifyAnotherKey { get; set; }

        public Task<IssueSignerCertificateResponse> IssueAsync(IssueSignerCertificateRequest request, CancellationToken cancellationToken)
        {
            if (Failure is not null)
            {
                throw DtcSignerCertificateIssuer.ToDomainError(new DownstreamCallException("csca", Failure)); // as dtc translates csca's status
            }

            Requests.Add(request);
            var csr = CertificateRequest.LoadSigningRequest(request.CsrDer.ToByteArray(), HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
            using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var subject = CertifyAnotherKey ? new CertificateRequest(csr.SubjectName, other, HashAlgorithmName.SHA256) : csr;
            var notBefore = Start.AddMinutes(-1);
            var notAfter = Start.AddDays(90);
            using var issued = subject.Create(_certificate, notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
            return Task.FromResult(new IssueSignerCertificateResponse
            {
                Certificate = new Certificate
                {
                    Der = ByteString.CopyFrom(issued.RawData),
                    SerialNumber = issued.SerialNumber.ToLowerInvariant(),
                    NotAfter = Timestamp.FromDateTimeOffset(notAfter),
                    PrivateKeyUsageNotAfter = Timestamp.FromDateTimeOffset(Start.AddDays(30)),
                },
            });
        }

        public void Dispose()
        {
            _certificate.Dispose();
            _key.Dispose();
        }
    }
}
