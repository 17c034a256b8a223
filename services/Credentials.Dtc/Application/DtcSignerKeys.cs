using System.Security.Cryptography;
using Credentials.Contracts.Common.V1;
using Credentials.Dtc.Options;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Dtc;
using Credentials.Icao9303.Issuance;
using Credentials.KeyVault;
using Credentials.SignerKeys;
using Microsoft.Extensions.Options;
using KeyAlgorithm = Credentials.Contracts.Common.V1.KeyAlgorithm;
using SignatureScheme = Credentials.Contracts.Common.V1.SignatureScheme;
using VaultSignatureScheme = Credentials.KeyVault.SignatureScheme;

namespace Credentials.Dtc.Application;

/// <summary>
/// The DTC Signer of the eMRTD-PC bound and PC bound bindings (our profile, docs/dtc.md), on the shared signer-key
/// library (kind <see cref="SignerKeyKind.DtcSigner"/>). The key is made on the first such issuance, not at start-up
/// (so the service starts without csca and the CSCA may be created later): an EC P-256 key pair generated in this
/// service's HSM token and certified by csca (<see cref="SignerKeyCertifier"/>: Document Type List entry
/// <see cref="DtcOptions.SignerDocumentType"/>; Doc 9303 Part 12 §7.1.1 Table 6 profile). Before a key signs, its
/// certificate's status is asked from trust-anchor (VerifyCertificate) at most once per
/// <see cref="DtcOptions.SignerStatusCacheDuration"/>: REVOKED or EXPIRED retires the key and a new one is made, so no
/// DTC is signed under a revoked certificate once trust-anchor knows of it. One key creation at a time per process;
/// two replicas may each make one, which is harmless (the newest signs: <see cref="SignerKeySelector.SelectActive"/>).
/// </summary>
internal sealed partial class DtcSignerKeys : IDisposable
{
    /// <summary>ECDSA with SHA-256 over P-256 (Doc 9303 Part 12 §4 lists ECDSA with SHA-2 for signer keys).</summary>
    public static readonly IssuanceSignatureAlgorithm Algorithm = IssuanceSignatureAlgorithm.Ecdsa(HashAlgorithmName.SHA256);

    private readonly DtcOptions _options;
    private readonly SignerKeyStore _keys;
    private readonly SignerKeyCertifier _certifier;
    private readonly IKeyVaultClient _vault;
    private readonly ISignerCertificateVerifier _verifier;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DtcSignerKeys> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SignerKeyRecord? _current;
    private DateTimeOffset _checkedAt;

    public DtcSignerKeys(
        IOptions<DtcOptions> options,
        SignerKeyStore keys,
        SignerKeyCertifier certifier,
        IKeyVaultClient vault,
        ISignerCertificateVerifier verifier,
        TimeProvider timeProvider,
        ILogger<DtcSignerKeys> logger)
    {
        _options = options.Value;
        _keys = keys;
        _certifier = certifier;
        _vault = vault;
        _verifier = verifier;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The key to sign with now: the cached one while its status is fresh, else the newest usable key, else a new one.</summary>
    public async Task<SignerKeyRecord> CurrentAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = _timeProvider.GetUtcNow();
            if (_current is { } cached && now < cached.PrivateKeyUsageNotAfter && now - _checkedAt < _options.SignerStatusCacheDuration)
            {
                return cached;
            }

            var key = await _keys.SelectAsync(SignerKeyKind.DtcSigner, _options.SignerDocumentType, now, cancellationToken);
            if (key is not null && await RetirementReasonAsync(key, now, cancellationToken) is { } reason)
            {
                await _keys.RetireAsync(key.KeyId, reason, cancellationToken);
                LogRetired(_logger, key.KeyLabel, key.CertificateFingerprint, reason);
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
    public async Task<DtcSignerInfo> SignAsync(SignerKeyRecord key, DtcTbsValues tbs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(tbs);
        var digest = Algorithm.ComputeDigest(tbs.Encode());
        var signature = await _vault.SignAsync(KeyReference.ByLabel(key.KeyLabel), digest, VaultSignatureScheme.Ecdsa(Algorithm.Hash), cancellationToken);
        return new DtcSignerInfo(key.CertificateDer, Algorithm.EncodeAlgorithmIdentifier(), signature);
    }

    /// <summary>The notAfter of <paramref name="key"/>'s certificate (from the DER: keys stored before V0003 carry no summary).</summary>
    public static DateTimeOffset CertificateNotAfter(SignerKeyRecord key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return X509CertificateParts.Decode(key.CertificateDer).NotAfter;
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Why a stored key must not sign any more (trust-anchor says its certificate is revoked or expired), or null.</summary>
    private async Task<string?> RetirementReasonAsync(SignerKeyRecord key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var verification = await _verifier.VerifyCertificateAsync(key.CertificateDer, null, now, cancellationToken);
        return verification.Certificate?.Status switch
        {
            CertificateStatus.Revoked => "certificate revoked",
            CertificateStatus.Expired => "certificate expired",
            _ => null,
        };
    }

    private async Task<SignerKeyRecord> CreateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var label = "dtcs-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var certified = await _certifier.CertifyAsync(
            new SignerKeyCertificationRequest
            {
                Kind = SignerKeyKind.DtcSigner,
                KeyLabel = label,
                KeyAlgorithm = KeyAlgorithm.EcP256,
                SignatureScheme = SignatureScheme.Ecdsa,
                CommonName = $"{_options.SignerCommonName} {label[5..]}",
                CscaId = _options.SignerCscaId,
                DocumentTypes = [_options.SignerDocumentType],
                CscaRequestIdPrefix = "dtc:" + label,
            },
            cancellationToken);
        var key = new SignerKeyRecord
        {
            KeyId = label,
            KeyLabel = label,
            Kind = SignerKeyKind.DtcSigner,
            Status = SignerKeyStatus.Active,
            KeyAlgorithm = KeyAlgorithm.EcP256,
            SignatureScheme = SignatureScheme.Ecdsa,
            DocumentTypes = [_options.SignerDocumentType],
            CertificateFingerprint = certified.CertificateFingerprint,
            CertificateDer = certified.CertificateDer,
            Certificate = certified.Certificate,
            PrivateKeyUsageNotAfter = certified.PrivateKeyUsageNotAfter,
            CreatedAt = now,
            ActivatedAt = now,
            RequestId = label,
        };
        await _keys.AddAsync(key, cancellationToken);
        LogCreated(_logger, label, key.CertificateFingerprint, key.PrivateKeyUsageNotAfter);
        return key;
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Created DTC Signer key {KeyLabel} (certificate sha256 {CertificateSha256}) usable until {UsageEnd}")]
    private static partial void LogCreated(ILogger logger, string keyLabel, string certificateSha256, DateTimeOffset usageEnd);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Retired DTC Signer key {KeyLabel} (certificate sha256 {CertificateSha256}): {Reason}")]
    private static partial void LogRetired(ILogger logger, string keyLabel, string certificateSha256, string reason);
}
