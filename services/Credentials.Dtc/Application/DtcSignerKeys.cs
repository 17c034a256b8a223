using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Dtc.Infrastructure;
using Credentials.Dtc.Options;
using Credentials.Icao9303.Dtc;
using Credentials.Icao9303.Issuance;
using Credentials.KeyVault;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using VaultKeyAlgorithm = Credentials.KeyVault.KeyAlgorithm;
using VaultSignatureScheme = Credentials.KeyVault.SignatureScheme;

namespace Credentials.Dtc.Application;

/// <summary>
/// The DTC Signer of the eMRTD-PC bound and PC bound bindings (our profile, docs/dtc.md). The key is made on the first
/// such issuance, not at start-up (so the service starts without csca and the CSCA may be created later): an EC P-256
/// key pair generated in this service's HSM token, a PKCS#10 request signed by it, and a certificate from csca's
/// IssueSignerCertificate (kind DTC_SIGNER, Document Type List entry <see cref="DtcOptions.SignerDocumentType"/>;
/// Doc 9303 Part 12 §7.1.1 Table 6 profile). Before a key signs, its certificate's status is asked from trust-anchor
/// (VerifyCertificate) at most once per <see cref="DtcOptions.SignerStatusCacheDuration"/>: REVOKED or EXPIRED retires
/// the key and a new one is made, so no DTC is signed under a revoked certificate once trust-anchor knows of it. One
/// key creation at a time per process; two replicas may each make one, which is harmless (the newest signs).
/// </summary>
internal sealed partial class DtcSignerKeys : IDisposable
{
    /// <summary>ECDSA with SHA-256 over P-256 (Doc 9303 Part 12 §4 lists ECDSA with SHA-2 for signer keys).</summary>
    public static readonly IssuanceSignatureAlgorithm Algorithm = IssuanceSignatureAlgorithm.Ecdsa(HashAlgorithmName.SHA256);

    private readonly DtcOptions _options;
    private readonly IDtcSignerKeyStore _repository;
    private readonly IKeyVaultClient _vault;
    private readonly IDtcSignerCertificateIssuer _issuer;
    private readonly ISignerCertificateVerifier _verifier;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DtcSignerKeys> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DtcSignerKey? _current;
    private DateTimeOffset _checkedAt;

    public DtcSignerKeys(
        IOptions<DtcOptions> options,
        IDtcSignerKeyStore repository,
        IKeyVaultClient vault,
        IDtcSignerCertificateIssuer issuer,
        ISignerCertificateVerifier verifier,
        TimeProvider timeProvider,
        ILogger<DtcSignerKeys> logger)
    {
        _options = options.Value;
        _repository = repository;
        _vault = vault;
        _issuer = issuer;
        _verifier = verifier;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The key to sign with now: the cached one while its status is fresh, else the newest usable key, else a new one.</summary>
    public async Task<DtcSignerKey> CurrentAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = _timeProvider.GetUtcNow();
            if (_current is { } cached && now < cached.PrivateKeyUsageNotAfter && now - _checkedAt < _options.SignerStatusCacheDuration)
            {
                return cached;
            }

            var key = await _repository.FindActiveAsync(now, cancellationToken);
            if (key is not null && await RetirementReasonAsync(key, now, cancellationToken) is { } reason)
            {
                await _repository.RetireAsync(key.KeyLabel, now, reason, cancellationToken);
                LogRetired(_logger, key.KeyLabel, key.CertificateSha256, reason);
                key = null;
            }

            key ??= await CreateAsync(now, cancellationToken);
            _current = key;
            _checkedAt = now;
            return key;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>dtcSignerInfo for <paramref name="tbs"/>: the HSM's ECDSA signature over SHA-256 of the DER dtcTBS.</summary>
    public async Task<DtcSignerInfo> SignAsync(DtcSignerKey key, DtcTbsValues tbs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(tbs);
        var digest = Algorithm.ComputeDigest(tbs.Encode());
        var signature = await _vault.SignAsync(KeyReference.ByLabel(key.KeyLabel), digest, VaultSignatureScheme.Ecdsa(Algorithm.Hash), cancellationToken);
        return new DtcSignerInfo(key.CertificateDer, Algorithm.EncodeAlgorithmIdentifier(), signature);
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Why a stored key must not sign any more (trust-anchor says its certificate is revoked or expired), or null.</summary>
    private async Task<string?> RetirementReasonAsync(DtcSignerKey key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var verification = await _verifier.VerifyCertificateAsync(key.CertificateDer, null, now, cancellationToken);
        return verification.Certificate?.Status switch
        {
            CertificateStatus.Revoked => "certificate revoked",
            CertificateStatus.Expired => "certificate expired",
            _ => null,
        };
    }

    private async Task<DtcSignerKey> CreateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var label = "dtcs-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        await _vault.GenerateKeyPairAsync(label, VaultKeyAlgorithm.EcP256, KeyGenerationOptions.Default, cancellationToken);
        var publicKey = await _vault.GetPublicKeyAsync(KeyReference.ByLabel(label), cancellationToken);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName($"{_options.SignerCommonName} {label[5..]}");
        var csr = await CertificationRequestBuilder.CreateAsync(subject.Build(), publicKey, new VaultRequestSigner(_vault, label, Algorithm), cancellationToken);
        var request = new IssueSignerCertificateRequest
        {
            RequestId = "dtc:" + label,
            CscaId = _options.SignerCscaId,
            CsrDer = ByteString.CopyFrom(csr),
            SignerKind = SignerKind.DtcSigner,
        };
        request.DocumentTypes.Add(_options.SignerDocumentType);
        var issued = await _issuer.IssueAsync(request, cancellationToken);

        var certificateDer = issued.Certificate.Der.ToByteArray();
        using (var certificate = X509CertificateLoader.LoadCertificate(certificateDer))
        {
            if (!certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(publicKey))
            {
                throw DtcErrors.SignerCertificateMismatch();
            }
        }

        var key = new DtcSignerKey
        {
            KeyLabel = label,
            CertificateDer = certificateDer,
            CertificateSha256 = Convert.ToHexStringLower(SHA256.HashData(certificateDer)),
            SerialNumber = issued.Certificate.SerialNumber,
            PrivateKeyUsageNotAfter = (issued.Certificate.PrivateKeyUsageNotAfter ?? issued.Certificate.NotAfter).ToDateTimeOffset(),
            CreatedAt = now,
        };
        await _repository.InsertAsync(key, cancellationToken);
        LogCreated(_logger, label, key.CertificateSha256, key.PrivateKeyUsageNotAfter);
        return key;
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Created DTC Signer key {KeyLabel} (certificate sha256 {CertificateSha256}) usable until {UsageEnd}")]
    private static partial void LogCreated(ILogger logger, string keyLabel, string certificateSha256, DateTimeOffset usageEnd);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Retired DTC Signer key {KeyLabel} (certificate sha256 {CertificateSha256}): {Reason}")]
    private static partial void LogRetired(ILogger logger, string keyLabel, string certificateSha256, string reason);
}
