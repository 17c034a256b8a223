using System.Collections.Concurrent;
using System.Security.Cryptography;
using Credentials.Barcodes;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.Contracts.Events.V1;
using Credentials.Core;
using Credentials.DocumentSigner.Options;
using Credentials.SignerKeys;
using Credentials.Storage;
using Credentials.Icao9303;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Vds;
using Credentials.Icao9303.Vds.Idb;
using Credentials.KeyVault;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using SealFormat = Credentials.Icao9303.Vds.SealFormat;

namespace Credentials.DocumentSigner.Application;

/// <summary>
/// SignVisibleSeal: builds a Visible Digital Seal (Doc 9303 Part 13 §2) or a VDS-NC (ICAO TR VDS-NC §3), has the HSM
/// sign it with the active seal-signer key for the document type (<see cref="SignerKeyKind.SealSigner"/>: a Document
/// Signer key is never selected), renders its barcode (DataMatrix for a VDS, QR code for a VDS-NC) and stores, in one
/// transaction, the first response under the request_id (the suite's idempotency store, as CreateSignerKey) and the
/// <c>seal.issued</c> outbox row. The request_id is advisory-locked from the look-up until the commit, so a retry or a
/// concurrent duplicate gets the stored response and the HSM signs once; the same request_id with another request is
/// REQUEST_ID_CONFLICT.
/// </summary>
internal sealed partial class SignVisibleSealHandler
{
    private const string Operation = "SignVisibleSeal";

    private readonly IDocumentSignerStore _store;
    private readonly SignerKeyStore _keys;
    private readonly IKeyVaultClient _vault;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SignVisibleSealHandler> _logger;
    private readonly int _maxRequestIdLength;
    private readonly ConcurrentDictionary<string, SealSigner> _signers = new(StringComparer.Ordinal);

    public SignVisibleSealHandler(
        IOptions<DocumentSignerOptions> options,
        IDocumentSignerStore store,
        SignerKeyStore keys,
        IKeyVaultClient vault,
        TimeProvider timeProvider,
        ILogger<SignVisibleSealHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _maxRequestIdLength = options.Value.MaxRequestIdLength;
        _store = store;
        _keys = keys;
        _vault = vault;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task<SignVisibleSealResponse> HandleAsync(SignVisibleSealRequest request, string caller, CancellationToken cancellationToken)
    {
        var validated = SealRequestValidator.Validate(request, _maxRequestIdLength);
        var idempotent = new IdempotentRequest(request.RequestId, Operation, IdempotencyRule.Fingerprint(Operation, request.ToByteArray()));
        var now = _timeProvider.GetUtcNow();
        now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

        SignVisibleSealResponse? response = null;
        SignerKeyRecord? usedKey = null;
        var lookup = await _store.SignSealOnceAsync(
            idempotent,
            async ct =>
            {
                // Only a seal-signer key signs seals (Doc 9303 Part 13; a DS key for the same type is never selected).
                var key = await _keys.SelectAsync(SignerKeyKind.SealSigner, validated.DocumentType, now, ct)
                    ?? throw DocumentSignerErrors.NoActiveSignerKey(validated.DocumentType);
                var signer = Signer(key);
                var seal = validated.Format switch
                {
                    SealFormat.Vds => await SignVdsAsync(validated, key, signer, now, ct),
                    SealFormat.Idb => await SignIdbAsync(validated, key, signer, now, ct),
                    _ => await SignVdsNcAsync(validated, key, signer, ct),
                };
                byte[] png;
                try
                {
                    png = SealBarcode.RenderPng(seal);
                }
                catch (Icao9303FormatException ex)
                {
                    throw SealRequestValidator.SealContentInvalid(ex);
                }

                var sealId = Guid.CreateVersion7(now).ToString("D");
                var sealSha256 = Convert.ToHexStringLower(SHA256.HashData(seal));
                response = new SignVisibleSealResponse
                {
                    SealId = sealId,
                    RequestId = request.RequestId,
                    Format = validated.Format switch
                    {
                        SealFormat.Vds => VisibleSealFormat.Vds,
                        SealFormat.Idb => VisibleSealFormat.Idb,
                        _ => VisibleSealFormat.VdsNc,
                    },
                    Seal = ByteString.CopyFrom(seal),
                    SealSha256 = sealSha256,
                    BarcodePng = ByteString.CopyFrom(png),
                    SignerKeyId = key.KeyId,
                    SignerCertificate = key.Certificate,
                    SignedAt = Timestamp.FromDateTimeOffset(now),
                };
                usedKey = key;
                var issued = new SealIssued
                {
                    SealId = sealId,
                    RequestId = request.RequestId,
                    Format = validated.Format switch
                    {
                        SealFormat.Vds => "vds",
                        SealFormat.Idb => "idb",
                        _ => "vds-nc",
                    },
                    SealSha256 = sealSha256,
                    DocumentType = validated.DocumentType,
                    Profile = validated.ProfileName,
                    IssuingCountry = validated.IssuingCountry,
                    SignerCertificateFingerprintSha256 = key.CertificateFingerprint,
                    IssuedAt = Timestamp.FromDateTimeOffset(now),
                    RequestedBy = caller,
                };
                return (response.ToByteArray(), issued);
            },
            cancellationToken);
        if (lookup.Status == IdempotencyStatus.Conflict)
        {
            throw DocumentSignerErrors.RequestIdConflict();
        }

        if (lookup.Status == IdempotencyStatus.Replay)
        {
            var replayed = SignVisibleSealResponse.Parser.ParseFrom(lookup.Response);
            replayed.Replayed = true;
            return replayed;
        }

        LogSealed(_logger, response!.SealId, usedKey!.KeyId, response.SealSha256);
        return response;
    }

    /// <summary>
    /// The VDS header names the signer as Part 13 §2.2 prescribes (<see cref="VdsSignerReference"/>): signer identifier =
    /// the certificate's country code + two characters of the key id, certificate reference = its serial number in hex
    /// (header version 4, whose reference length is variable); the signature is plain r ‖ s with the curve's hash (§2.4).
    /// </summary>
    private async Task<byte[]> SignVdsAsync(ValidatedSealRequest validated, SignerKeyRecord key, SealSigner signer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var header = new VdsHeader
        {
            Version = VdsHeaderVersion.Version4,
            IssuingCountry = validated.IssuingCountry,
            SignerIdentifier = signer.SignerIdentifier,
            CertificateReference = signer.CertificateReference,
            DocumentIssueDate = validated.DocumentIssueDate ?? today,
            SignatureCreationDate = today,
            DocumentFeatureDefinitionReference = validated.Profile!.DocumentFeatureDefinitionReference,
            DocumentTypeCategory = validated.Profile.DocumentTypeCategory,
        };
        try
        {
            var signedData = VisibleDigitalSeal.EncodeSignedData(header, validated.Features);
            var signature = await SignPlainAsync(key, signedData, VdsSignature.Hash(signer.KeySizeBits), signer.KeySizeBits, cancellationToken);
            return VisibleDigitalSeal.Create(signedData, signature).Encode();
        }
        catch (Icao9303FormatException ex)
        {
            throw SealRequestValidator.SealContentInvalid(ex);
        }
    }

    /// <summary>TR VDS-NC §3: the canonical <c>data</c> signed with the algorithm of the key size, the signer certificate embedded.</summary>
    private async Task<byte[]> SignVdsNcAsync(ValidatedSealRequest validated, SignerKeyRecord key, SealSigner signer, CancellationToken cancellationToken)
    {
        try
        {
            var signedData = VdsNcSeal.EncodeSignedData(validated.VdsNcHeader!, validated.VdsNcMessage);
            var algorithm = VdsNcAlgorithm.ForKeySize(signer.KeySizeBits);
            var hash = VdsNcAlgorithm.DigestOid(algorithm) switch
            {
                Oids.Sha384 => HashAlgorithmName.SHA384,
                Oids.Sha512 => HashAlgorithmName.SHA512,
                _ => HashAlgorithmName.SHA256,
            };
            var signature = await SignPlainAsync(key, signedData, hash, signer.KeySizeBits, cancellationToken);
            return VdsNcSeal.Create(signedData, algorithm, key.CertificateDer, signature).Encode();
        }
        catch (Icao9303FormatException ex)
        {
            throw SealRequestValidator.SealContentInvalid(ex);
        }
    }

    /// <summary>
    /// ICAO TR IDB §3.2: a signed header (the key's hash as signature algorithm, the certificate reference of the signer
    /// certificate as <see cref="IdbHeader.CertificateReferenceOf"/> computes it — the verifier's look-up rule — and the
    /// signing date), the message group, the plain r ‖ s signature, and the signer certificate when asked to embed it.
    /// The TR defines SHA-256/384/512 only: a P-224 seal-signer key cannot sign an IDB.
    /// </summary>
    private async Task<byte[]> SignIdbAsync(ValidatedSealRequest validated, SignerKeyRecord key, SealSigner signer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (algorithm, hash) = signer.KeySizeBits switch
        {
            256 => (IdbSignatureAlgorithm.EcdsaSha256, HashAlgorithmName.SHA256),
            384 => (IdbSignatureAlgorithm.EcdsaSha384, HashAlgorithmName.SHA384),
            512 or 521 => (IdbSignatureAlgorithm.EcdsaSha512, HashAlgorithmName.SHA512),
            _ => throw new CredentialsException(ErrorKind.FailedPrecondition, "SEAL_CONTENT_INVALID",
                $"The seal-signer key {key.KeyId} has a {signer.KeySizeBits}-bit curve; an IDB is signed with ECDSA over 256, 384 or 512/521 bits."),
        };
        var header = new IdbHeader
        {
            CountryIdentifier = validated.IssuingCountry,
            SignatureAlgorithm = algorithm,
            CertificateReference = IdbHeader.CertificateReferenceOf(key.CertificateDer),
            SignatureCreationDate = DateOnly.FromDateTime(now.UtcDateTime),
        };
        try
        {
            var signedData = IdbBarcode.EncodeSignedData(header, validated.IdbMessages);
            var signature = await SignPlainAsync(key, signedData, hash, signer.KeySizeBits, cancellationToken);
            byte[] certificate = validated.IdbEmbedSignerCertificate ? key.CertificateDer : [];
            return IdbBarcode.Create(signedData, signature, certificate, validated.IdbCompress).EncodeBytes();
        }
        catch (Icao9303FormatException ex)
        {
            throw SealRequestValidator.SealContentInvalid(ex);
        }
    }

    /// <summary>The HSM signs the digest (ECDSA, DER out of the vault); the seal carries the plain r ‖ s form.</summary>
    private async Task<byte[]> SignPlainAsync(SignerKeyRecord key, byte[] signedData, HashAlgorithmName hash, int keySizeBits, CancellationToken cancellationToken)
    {
        var digest = hash == HashAlgorithmName.SHA512 ? SHA512.HashData(signedData) : hash == HashAlgorithmName.SHA384 ? SHA384.HashData(signedData) : SHA256.HashData(signedData);
        var der = await _vault.SignAsync(KeyReference.ByLabel(key.KeyLabel), digest, KeyVault.SignatureScheme.Ecdsa(hash), cancellationToken);
        return VdsSignature.PlainFromDer(der, keySizeBits);
    }

    /// <summary>What the seal header needs from a key's certificate, decoded once per key.</summary>
    private SealSigner Signer(SignerKeyRecord key) => _signers.GetOrAdd(key.KeyId, static (_, k) =>
    {
        var certificate = X509CertificateParts.Decode(k.CertificateDer);
        var country = VdsSignerReference.Country(certificate);
        if (country is not { Length: 2 } || !country.All(char.IsAsciiLetterUpper))
        {
            throw new CredentialsException(ErrorKind.FailedPrecondition, "UNSPECIFIED", $"The seal signer certificate of key {k.KeyId} has no two-letter subject country (Doc 9303 Part 13 §2.2).");
        }

        // Two characters of the key id (hex) complete the signer identifier: stable per key, A-Z/0-9 as C40 needs.
        var suffix = k.KeyId[^2..].ToUpperInvariant();
        return new SealSigner(country + suffix, VdsSignerReference.CertificateReference(certificate), SigningAlgorithms.EcKeySizeBits(k.KeyAlgorithm));
    }, key);

    [LoggerMessage(EventId = 2061, Level = LogLevel.Debug, Message = "Sealed {SealId} with key {KeyId} (seal sha256 {SealSha256})")]
    private static partial void LogSealed(ILogger logger, string sealId, string keyId, string sealSha256);

    private sealed record SealSigner(string SignerIdentifier, string CertificateReference, int KeySizeBits);
}
