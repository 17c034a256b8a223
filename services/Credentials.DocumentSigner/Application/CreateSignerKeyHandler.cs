using System.Security.Cryptography;
using System.Text;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.SignerKeys;
using Google.Protobuf;
using KeyAlgorithm = Credentials.Contracts.Common.V1.KeyAlgorithm;
using SignatureScheme = Credentials.Contracts.Common.V1.SignatureScheme;

using Credentials.Storage;

namespace Credentials.DocumentSigner.Application;

/// <summary>
/// CreateSignerKey: a key pair generated inside the HSM (label derived from request_id, so a retry after a crash reuses
/// it), a PKCS#10 request signed by the HSM, the certificate from csca.IssueSignerCertificate over mTLS, and the key row
/// stored with the idempotency record in one transaction. The signer kind picks the certificate profile: a Document
/// Signer certificate (Doc 9303 Part 12 §7.1.1) or a seal (barcode) signer certificate (Part 12 / Part 13, TR VDS-NC:
/// EKU 2.23.136.1.1.14.2), and the key then signs only that kind (<see cref="SignerKeySelector"/>).
/// </summary>
internal sealed partial class CreateSignerKeyHandler
{
    private const string Operation = "CreateSignerKey";

    private readonly IDocumentSignerStore _store;
    private readonly SignerKeyStore _keys;
    private readonly SignerKeyCertifier _certifier;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CreateSignerKeyHandler> _logger;

    public CreateSignerKeyHandler(
        IDocumentSignerStore store, SignerKeyStore keys, SignerKeyCertifier certifier, TimeProvider timeProvider, ILogger<CreateSignerKeyHandler> logger)
    {
        _store = store;
        _keys = keys;
        _certifier = certifier;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Request validation (pure).</summary>
    public static void Validate(CreateSignerKeyRequest request, int maxRequestIdLength)
    {
        ArgumentNullException.ThrowIfNull(request);
        SignRequestValidator.ValidateRequestId(request.RequestId, maxRequestIdLength);
        if (request.KeyAlgorithm == KeyAlgorithm.Unspecified || !System.Enum.IsDefined(request.KeyAlgorithm))
        {
            throw DocumentSignerErrors.Invalid("KEY_ALGORITHM_NOT_ALLOWED", "key_algorithm is required (e.g. KEY_ALGORITHM_EC_P256).");
        }

        var kind = SignerKindRequests.FromContract(request.SignerKind, "signer_kind");
        if (kind == SignerKeyKind.SealSigner && SignerKeyAlgorithms.IsRsa(request.KeyAlgorithm))
        {
            // Doc 9303 Part 13 §2.4 and TR VDS-NC: seals carry plain ECDSA signatures only.
            throw DocumentSignerErrors.Invalid("KEY_ALGORITHM_NOT_ALLOWED", "A seal-signer key is an EC key (seals are signed with ECDSA).");
        }

        if (request.SignatureScheme is SignatureScheme.RsaPss or SignatureScheme.RsaPkcs1V15 && !SignerKeyAlgorithms.IsRsa(request.KeyAlgorithm))
        {
            throw DocumentSignerErrors.Invalid("KEY_ALGORITHM_NOT_ALLOWED", "RSA signature schemes need an RSA key_algorithm.");
        }

        if (request.DocumentTypes.Count == 0)
        {
            throw new Core.CredentialsException(Core.ErrorKind.InvalidArgument, "DOCUMENT_TYPE_INVALID", "document_types is required (e.g. \"P\").");
        }

        if (request.DocumentTypes.Count > 16 || request.DocumentTypes.Distinct(StringComparer.Ordinal).Count() != request.DocumentTypes.Count)
        {
            throw new Core.CredentialsException(Core.ErrorKind.InvalidArgument, "DOCUMENT_TYPE_INVALID", "document_types must be distinct (at most 16).");
        }

        foreach (var type in request.DocumentTypes)
        {
            SignRequestValidator.ValidateDocumentType(type, "document_types");
        }

        if (request.CommonName.Length > 64)
        {
            throw DocumentSignerErrors.FieldInvalid("common_name", "at most 64 characters (RFC 5280 ub-common-name).");
        }

        if (request.PrivateKeyUsagePeriod is { } usage && usage.ToTimeSpan() <= TimeSpan.Zero)
        {
            throw DocumentSignerErrors.Invalid("VALIDITY_PERIOD_INVALID", "private_key_usage_period must be positive.");
        }

        if (request.Validity is { } validity && validity.ToTimeSpan() <= TimeSpan.Zero)
        {
            throw DocumentSignerErrors.Invalid("VALIDITY_PERIOD_INVALID", "validity must be positive.");
        }

        if (request.Validity is not null && request.PrivateKeyUsagePeriod is not null && request.PrivateKeyUsagePeriod.ToTimeSpan() > request.Validity.ToTimeSpan())
        {
            throw DocumentSignerErrors.Invalid("VALIDITY_PERIOD_INVALID", "private_key_usage_period must not exceed validity.");
        }
    }

    public async Task<CreateSignerKeyResponse> HandleAsync(CreateSignerKeyRequest request, CancellationToken cancellationToken)
    {
        var idempotent = new IdempotentRequest(request.RequestId, Operation, IdempotencyRule.Fingerprint(Operation, request.ToByteArray()));
        if (await ReplayAsync(idempotent, cancellationToken) is { } replay)
        {
            return replay;
        }

        var kind = SignerKindRequests.FromContract(request.SignerKind, "signer_kind");
        var keyId = (kind == SignerKeyKind.SealSigner ? "ss-" : "ds-") + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.RequestId)).AsSpan(0, 12));
        var scheme = SignerKeyAlgorithms.SchemeFor(request.KeyAlgorithm, request.SignatureScheme);
        var certified = await _certifier.CertifyAsync(
            new SignerKeyCertificationRequest
            {
                Kind = kind,
                KeyLabel = keyId,
                KeyAlgorithm = request.KeyAlgorithm,
                SignatureScheme = scheme,
                CommonName = string.IsNullOrWhiteSpace(request.CommonName)
                    ? $"{(kind == SignerKeyKind.SealSigner ? "Seal Signer" : "Document Signer")} {keyId[3..11]}"
                    : request.CommonName,
                CscaId = request.CscaId,
                DocumentTypes = request.DocumentTypes,
                Validity = request.Validity,
                PrivateKeyUsagePeriod = request.PrivateKeyUsagePeriod,
                CscaRequestIdPrefix = $"document-signer:{request.RequestId}",
            },
            cancellationToken);

        var now = _timeProvider.GetUtcNow();
        var documentTypes = request.DocumentTypes.ToArray();
        CreateSignerKeyResponse? response = null;
        SignerKeyRecord? key = null;
        var stored = await _store.StoreSignerKeyAsync(
            idempotent,
            existing =>
            {
                // A key of a (kind, document type) nobody signs for yet is activated at once (Doc 9303 Part 12 §5).
                var covered = SignerKeySelector.Covered(existing, now);
                var activate = request.Activate || documentTypes.Any(t => !covered.Contains((kind, t)));
                key = new SignerKeyRecord
                {
                    KeyId = keyId,
                    KeyLabel = keyId,
                    Kind = kind,
                    Status = activate ? SignerKeyStatus.Active : SignerKeyStatus.Pending,
                    KeyAlgorithm = request.KeyAlgorithm,
                    SignatureScheme = scheme,
                    DocumentTypes = documentTypes,
                    CertificateFingerprint = certified.CertificateFingerprint,
                    CertificateDer = certified.CertificateDer,
                    Certificate = certified.Certificate,
                    PrivateKeyUsageNotAfter = certified.PrivateKeyUsageNotAfter,
                    CreatedAt = now,
                    ActivatedAt = activate ? now : null,
                    RequestId = request.RequestId,
                };
                response = new CreateSignerKeyResponse { SignerKey = key.ToContract() };
                return (key, response.ToByteArray());
            },
            cancellationToken);
        if (!stored)
        {
            return await ReplayAsync(idempotent, cancellationToken) ?? throw DocumentSignerErrors.RequestIdConflict();
        }

        _keys.Invalidate();
        LogCreated(_logger, keyId, key!.Status);
        return response!;
    }

    /// <summary>The stored first response (replay), null for a new request_id; a conflict throws REQUEST_ID_CONFLICT.</summary>
    private async Task<CreateSignerKeyResponse?> ReplayAsync(IdempotentRequest request, CancellationToken cancellationToken)
    {
        var lookup = await _store.LookupRequestAsync(request, cancellationToken);
        return lookup.Status switch
        {
            IdempotencyStatus.New => null,
            IdempotencyStatus.Replay => CreateSignerKeyResponse.Parser.ParseFrom(lookup.Response),
            _ => throw DocumentSignerErrors.RequestIdConflict(),
        };
    }

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Created signer key {KeyId} ({State})")]
    private static partial void LogCreated(ILogger logger, string keyId, SignerKeyStatus state);
}
