using System.Security.Cryptography;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.Contracts.Events.V1;
using Credentials.DocumentSigner.Infrastructure;
using Credentials.DocumentSigner.Options;
using Credentials.Icao9303.Sod;
using Credentials.KeyVault;
using Credentials.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;

namespace Credentials.DocumentSigner.Application;

/// <summary>
/// SignSecurityObject: builds the LDSSecurityObject (Doc 9303 Part 10 §4.6.2), its signed attributes, has the HSM sign
/// their digest with the active Document Signer key, assembles EF.SOD (tag 0x77, CMS SignedData with the DSC), stores it
/// in S3 and, in one transaction, the issuance row and the <c>credential.issued</c> outbox row.
/// Idempotent on request_id: the first attempt holds a transaction-scoped advisory lock on the request_id from the
/// check until the commit, so a concurrent or later retry finds the stored issuance and the HSM signs once.
/// </summary>
internal sealed partial class SignSecurityObjectHandler
{
    private readonly SignRequestValidator _validator;
    private readonly DocumentSignerRepository _repository;
    private readonly SignerKeyStore _keys;
    private readonly IKeyVaultClient _vault;
    private readonly IObjectStore _objects;
    private readonly DocumentSignerEventWriter _events;
    private readonly DocumentNumberHasher _documentNumbers;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SignSecurityObjectHandler> _logger;
    private readonly bool _includeSigningTime;

    public SignSecurityObjectHandler(
        IOptions<DocumentSignerOptions> options,
        DocumentSignerRepository repository,
        SignerKeyStore keys,
        IKeyVaultClient vault,
        IObjectStore objects,
        DocumentSignerEventWriter events,
        DocumentNumberHasher documentNumbers,
        TimeProvider timeProvider,
        ILogger<SignSecurityObjectHandler> logger)
    {
        _validator = new SignRequestValidator(options.Value);
        _includeSigningTime = options.Value.IncludeSigningTime;
        _repository = repository;
        _keys = keys;
        _vault = vault;
        _objects = objects;
        _events = events;
        _documentNumbers = documentNumbers;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task<SignSecurityObjectResponse> HandleAsync(SignSecurityObjectRequest request, string caller, CancellationToken cancellationToken)
    {
        var now = TruncateToSeconds(_timeProvider.GetUtcNow());
        var validated = _validator.Validate(request, DateOnly.FromDateTime(now.UtcDateTime));
        var documentNumberHash = _documentNumbers.Hash(validated.DocumentNumber);
        // The idempotency fingerprint must survive restarts and HMAC key rotation, so it uses a plain digest of the
        // number (stored only inside the request hash; the signed DG1 hash already binds the same MRZ).
        var fingerprint = SignRequestValidator.RequestFingerprint(request, DocumentNumberDigest(validated.DocumentNumber));

        // One round trip takes the request_id lock and looks for an earlier issuance; a retry of a committed request
        // finds it here (the lock is only contended by a concurrent duplicate, which then finds the first one's row).
        await using var connection = await _repository.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var existing = await DocumentSignerRepository.LockAndFindIssuanceAsync(connection, transaction, validated.RequestId, cancellationToken);
        if (existing is not null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return await ReplayAsync(existing, fingerprint, cancellationToken);
        }

        var key = await _keys.SelectAsync(validated.DocumentType, now, cancellationToken)
            ?? throw DocumentSignerErrors.NoActiveSignerKey(validated.DocumentType);
        var securityObject = new LdsSecurityObject(validated.DigestOid, validated.DataGroupHashes, validated.VersionInfo);
        var input = EfSodBuilder.PrepareSigning(securityObject, validated.DigestOid, _includeSigningTime ? now : null);
        var (vaultScheme, cmsAlgorithm) = SigningAlgorithms.ForSecurityObject(key.SignatureScheme, validated.HashName);
        var signature = await _vault.SignAsync(KeyReference.ByLabel(key.KeyLabel), input.DigestToSign, vaultScheme, cancellationToken);
        var sod = EfSodBuilder.Assemble(input, cmsAlgorithm, signature, key.CertificateDer);

        var issuance = new IssuanceRecord
        {
            CredentialId = Guid.CreateVersion7(now),
            RequestId = validated.RequestId,
            RequestHash = fingerprint,
            DocumentType = validated.DocumentType,
            LdsVersion = validated.VersionInfo?.LdsVersion ?? string.Empty,
            UnicodeVersion = validated.VersionInfo?.UnicodeVersion ?? string.Empty,
            HashAlgorithm = validated.HashAlgorithm,
            DataGroupNumbers = validated.DataGroupHashes.Select(h => h.DataGroupNumber).ToArray(),
            SignerKeyId = key.KeyId,
            ObjectKey = ObjectKey.FromContent(sod).Value,
            SecurityObjectSha256 = Convert.ToHexStringLower(SHA256.HashData(sod)),
            SignedAt = now,
            DocumentExpiresAt = validated.DocumentExpiresAt,
            RequestedBy = caller,
            SecurityObject = sod,
        };
        await DocumentSignerRepository.InsertIssuanceAsync(connection, transaction, issuance, cancellationToken);
        await _events.WriteAsync(
            connection, transaction, DocumentSignerEventWriter.CredentialIssuedType, issuance.CredentialId.ToString("D"), Event(issuance, key, documentNumberHash), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogSigned(_logger, issuance.CredentialId, key.KeyId, issuance.SecurityObjectSha256);
        return new SignSecurityObjectResponse { Issuance = ToContract(issuance, sod, key), Replayed = false };
    }

    /// <summary>GetIssuance: a stored issuance with its EF.SOD bytes.</summary>
    public async Task<Issuance> GetAsync(string? requestId, Guid? credentialId, CancellationToken cancellationToken)
    {
        var issuance = await _repository.FindIssuanceAsync(requestId, credentialId, cancellationToken) ?? throw DocumentSignerErrors.IssuanceNotFound();
        return await LoadAsync(issuance, cancellationToken);
    }

    private async Task<SignSecurityObjectResponse> ReplayAsync(IssuanceRecord existing, byte[] fingerprint, CancellationToken cancellationToken)
    {
        if (!CryptographicOperations.FixedTimeEquals(existing.RequestHash, fingerprint))
        {
            throw DocumentSignerErrors.RequestIdConflict();
        }

        return new SignSecurityObjectResponse { Issuance = await LoadAsync(existing, cancellationToken), Replayed = true };
    }

    private async Task<Issuance> LoadAsync(IssuanceRecord issuance, CancellationToken cancellationToken)
    {
        // Rows signed before the bytes were kept in PostgreSQL are read back from S3.
        var sod = issuance.SecurityObject ?? await _objects.GetAsync(ObjectKey.Parse(issuance.ObjectKey), cancellationToken);
        var key = await _keys.FindAsync(issuance.SignerKeyId, cancellationToken) ?? throw DocumentSignerErrors.SignerKeyNotFound(issuance.SignerKeyId);
        return ToContract(issuance, sod, key);
    }

    private static Issuance ToContract(IssuanceRecord issuance, byte[] sod, SignerKeyRecord key)
    {
        var contract = new Issuance
        {
            CredentialId = issuance.CredentialId.ToString("D"),
            RequestId = issuance.RequestId,
            SecurityObject = ByteString.CopyFrom(sod),
            SecurityObjectSha256 = issuance.SecurityObjectSha256,
            DocumentType = issuance.DocumentType,
            LdsVersion = issuance.LdsVersion,
            UnicodeVersion = issuance.UnicodeVersion,
            HashAlgorithm = issuance.HashAlgorithm,
            SignerKeyId = issuance.SignerKeyId,
            SignerCertificate = key.Certificate,
            SignedAt = Timestamp.FromDateTimeOffset(issuance.SignedAt),
        };
        contract.DataGroupNumbers.AddRange(issuance.DataGroupNumbers);
        if (issuance.DocumentExpiresAt is { } expires)
        {
            contract.DocumentExpiresAt = Timestamp.FromDateTimeOffset(expires);
        }

        return contract;
    }

    private CredentialIssued Event(IssuanceRecord issuance, SignerKeyRecord key, byte[] documentNumberHash)
    {
        var issued = new CredentialIssued
        {
            CredentialId = issuance.CredentialId.ToString("D"),
            RequestId = issuance.RequestId,
            SecurityObjectSha256 = issuance.SecurityObjectSha256,
            DocumentType = issuance.DocumentType,
            SignerCertificateFingerprintSha256 = key.CertificateFingerprint,
            HashAlgorithm = issuance.HashAlgorithm,
            LdsVersion = issuance.LdsVersion,
            IssuedAt = Timestamp.FromDateTimeOffset(issuance.SignedAt),
            RequestedBy = issuance.RequestedBy,
        };
        if (documentNumberHash.Length > 0)
        {
            issued.DocumentNumberHash = ByteString.CopyFrom(documentNumberHash);
            issued.DocumentNumberHashKeyId = _documentNumbers.KeyId;
        }

        issued.DataGroupNumbers.AddRange(issuance.DataGroupNumbers);
        if (issuance.DocumentExpiresAt is { } expires)
        {
            issued.DocumentExpiresAt = Timestamp.FromDateTimeOffset(expires);
        }

        return issued;
    }

    private static byte[] DocumentNumberDigest(string documentNumber) =>
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("credentials/document-number\0" + documentNumber));

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Signed credential {CredentialId} with key {KeyId} (SOD sha256 {SodSha256})")]
    private static partial void LogSigned(ILogger logger, Guid credentialId, string keyId, string sodSha256);
}
