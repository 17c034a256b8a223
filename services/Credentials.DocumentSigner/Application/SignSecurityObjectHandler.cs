using System.Diagnostics;
using System.Security.Cryptography;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.DocumentSigner.Options;
using Credentials.SignerKeys;
using Credentials.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;

namespace Credentials.DocumentSigner.Application;

/// <summary>
/// SignSecurityObject: validates the request and hashes its data groups here, then hands it to
/// <see cref="IIssuanceQueue"/> (the group commit), which builds the LDSSecurityObject (Doc 9303 Part 10 §4.6.2) and its signed
/// attributes, has the HSM sign their digest with the active Document Signer key, assembles EF.SOD (tag 0x77, CMS
/// SignedData with the DSC) and stores, in one transaction, the issuance row (with the EF.SOD bytes; the archiver
/// copies them to S3) and the <c>credential.issued</c> outbox row.
/// Idempotent on request_id: the request_id is advisory-locked from the look-up until the commit, so a concurrent or
/// later retry finds the stored issuance and the HSM signs once.
/// </summary>
internal sealed partial class SignSecurityObjectHandler
{
    private readonly SignRequestValidator _validator;
    private readonly IDocumentSignerStore _repository;
    private readonly SignerKeyStore _keys;
    private readonly IObjectStore _objects;
    private readonly IIssuanceQueue _groupCommit;
    private readonly DocumentNumberHasher _documentNumbers;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SignSecurityObjectHandler> _logger;

    public SignSecurityObjectHandler(
        IOptions<DocumentSignerOptions> options,
        IDocumentSignerStore repository,
        SignerKeyStore keys,
        IObjectStore objects,
        IIssuanceQueue groupCommit,
        DocumentNumberHasher documentNumbers,
        TimeProvider timeProvider,
        ILogger<SignSecurityObjectHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _validator = new SignRequestValidator(options.Value);
        _repository = repository;
        _keys = keys;
        _objects = objects;
        _groupCommit = groupCommit;
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

        var outcome = await _groupCommit.SubmitAsync(
            new PendingSigning
            {
                Request = validated,
                Fingerprint = fingerprint,
                DocumentNumberHash = documentNumberHash,
                Caller = caller,
                Now = now,
                Trace = Activity.Current,
                CallerCancellation = cancellationToken,
            },
            cancellationToken);
        if (outcome.Replayed)
        {
            return new SignSecurityObjectResponse { Issuance = await LoadAsync(outcome.Issuance, cancellationToken), Replayed = true };
        }

        LogSigned(_logger, outcome.Issuance.CredentialId, outcome.Issuance.SignerKeyId, outcome.Issuance.SecurityObjectSha256);
        return new SignSecurityObjectResponse { Issuance = ToContract(outcome.Issuance, outcome.Issuance.SecurityObject!, outcome.Key!), Replayed = false };
    }

    /// <summary>GetIssuance: a stored issuance with its EF.SOD bytes.</summary>
    public async Task<Issuance> GetAsync(string? requestId, Guid? credentialId, CancellationToken cancellationToken)
    {
        var issuance = await _repository.FindIssuanceAsync(requestId, credentialId, cancellationToken) ?? throw DocumentSignerErrors.IssuanceNotFound();
        return await LoadAsync(issuance, cancellationToken);
    }

    private async Task<Issuance> LoadAsync(IssuanceRecord issuance, CancellationToken cancellationToken)
    {
        var sod = issuance.SecurityObject ?? await ReadArchivedAsync(issuance, cancellationToken);
        var key = await _keys.FindAsync(issuance.SignerKeyId, cancellationToken) ?? throw DocumentSignerErrors.SignerKeyNotFound(issuance.SignerKeyId);
        return ToContract(issuance, sod, key);
    }

    /// <summary>
    /// The EF.SOD of a row without its bytes, from S3: from its archive bundle, checked against the row's SHA-256; rows
    /// archived before bundles (and before the bytes were kept in PostgreSQL) are one object under their content address.
    /// </summary>
    private async Task<byte[]> ReadArchivedAsync(IssuanceRecord issuance, CancellationToken cancellationToken)
    {
        if (issuance.ArchiveLocation is { } location)
        {
            var bundle = await _objects.GetAsync(ObjectKey.Parse(location.BundleKey), cancellationToken);
            return SecurityObjectBundle.Read(bundle, location, issuance.SecurityObjectSha256);
        }

        return await _objects.GetAsync(ObjectKey.Parse(issuance.ObjectKey), cancellationToken);
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

    private static byte[] DocumentNumberDigest(string documentNumber) =>
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("credentials/document-number\0" + documentNumber));

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Signed credential {CredentialId} with key {KeyId} (SOD sha256 {SodSha256})")]
    private static partial void LogSigned(ILogger logger, Guid credentialId, string keyId, string sodSha256);
}
