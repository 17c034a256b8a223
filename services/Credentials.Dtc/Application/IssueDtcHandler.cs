using System.Security.Cryptography;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Dtc.V1;
using Credentials.Contracts.Events.V1;
using Credentials.Dtc.Options;
using Credentials.Icao9303.Dtc;
using Credentials.Icao9303.Lds.DataGroups;
using Credentials.Icao9303.Mrz;
using Credentials.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;

namespace Credentials.Dtc.Application;

/// <summary>
/// IssueDtc. eMRTD bound (DTC type 1) and eMRTD-PC bound (type 2): Passive Authentication of the given EF.SOD and data
/// groups must give VALID or VALID_WITH_WARNINGS first. PC bound (type 3): no SOD and no Passive Authentication; the
/// data groups are taken as the authorised caller gives them (docs/dtc.md). Then the DER DTCContentInfo is built:
/// version v1 and DTCData (dtcSOD when eMRTD bound, the data groups); for types 2 and 3 also dtcTBS (our profile: SHA-256
/// of the DER DTCData, validFrom = issuance, validUntil = expires_at, optional physical-component identifier) and
/// dtcSignerInfo signed in the HSM by the current DTC Signer key (<see cref="DtcSignerKeys"/>). It is stored in S3 and,
/// in one transaction, the row and the <c>dtc.issued</c> outbox row are written. Idempotent on request_id: a
/// transaction-scoped advisory lock on the request_id covers the re-check and the insert; a retry with the same body
/// returns the stored DTC, with another body REQUEST_ID_CONFLICT.
/// </summary>
internal sealed partial class IssueDtcHandler
{
    private readonly DtcOptions _options;
    private readonly IDtcStore _repository;
    private readonly IPassiveAuthenticationService _passiveAuthentication;
    private readonly IObjectStore _objects;
    private readonly DtcSignerKeys _signerKeys;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<IssueDtcHandler> _logger;

    public IssueDtcHandler(
        IOptions<DtcOptions> options,
        IDtcStore repository,
        IPassiveAuthenticationService passiveAuthentication,
        IObjectStore objects,
        DtcSignerKeys signerKeys,
        TimeProvider timeProvider,
        ILogger<IssueDtcHandler> logger)
    {
        _options = options.Value;
        _repository = repository;
        _passiveAuthentication = passiveAuthentication;
        _objects = objects;
        _signerKeys = signerKeys;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task<IssueDtcResponse> HandleAsync(IssueDtcRequest request, string caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dataGroups = IssueDtcRequestValidator.Validate(request, _options);
        var fingerprint = SHA256.HashData(request.ToByteArray());
        var existing = await _repository.FindByRequestIdAsync(request.RequestId, cancellationToken);
        if (existing is not null)
        {
            return await ReplayAsync(existing, fingerprint, cancellationToken);
        }

        var now = DtcContracts.TruncateToSeconds(_timeProvider.GetUtcNow());
        var binding = IssueDtcRequestValidator.BindingOf(request);
        var securityObject = binding == DtcBinding.PcBound ? null : request.SecurityObject.ToByteArray();
        var documentExpiry = DocumentExpiry(dataGroups[1], now);
        PassiveAuthenticationOutcome? passiveAuthentication = null;
        if (securityObject is not null)
        {
            passiveAuthentication = await _passiveAuthentication.VerifyAsync(securityObject, dataGroups, request.Policy, now, cancellationToken);
            if (!passiveAuthentication.Passed)
            {
                LogRefused(_logger, passiveAuthentication.Verdict);
                throw DtcErrors.PassiveAuthenticationFailed(DtcContracts.FailedCheckNames(passiveAuthentication.Checks) is { Length: > 0 } failed ? failed : passiveAuthentication.Verdict.ToString());
            }
        }

        var validity = request.Validity?.ToTimeSpan() ?? _options.MaxValidity;
        var expiresAt = now + validity;
        if (documentExpiry is { } documentExpires && documentExpires < expiresAt)
        {
            expiresAt = documentExpires;
        }

        if (expiresAt <= now)
        {
            throw DtcErrors.Invalid("VALIDITY_PERIOD_INVALID", "The eMRTD has expired (DG1 date of expiry); no DTC can be derived from it.");
        }

        var data = new DtcData(securityObject, dataGroups);
        DtcContentInfo dtc;
        var signerCertificateSha256 = string.Empty;
        if (binding == DtcBinding.EmrtdBound)
        {
            dtc = new DtcContentInfo(data);
        }
        else
        {
            var key = await _signerKeys.CurrentAsync(cancellationToken);
            // Our choice: a signed DTC never outlives its DTC Signer certificate (after notAfter the signature no longer validates).
            var certificateNotAfter = DtcSignerKeys.CertificateNotAfter(key);
            if (certificateNotAfter < expiresAt)
            {
                expiresAt = DtcContracts.TruncateToSeconds(certificateNotAfter);
            }

            ReadOnlyMemory<byte>? physicalComponent = null; // not `cond ? null : bytes`: a null byte[] converts to an empty, non-null memory
            if (!request.PhysicalComponentIdentifier.IsEmpty)
            {
                physicalComponent = request.PhysicalComponentIdentifier.ToByteArray();
            }

            var tbs = DtcTbsValues.ForData(data, now, expiresAt, physicalComponent);
            dtc = new DtcContentInfo(data, tbs, await _signerKeys.SignAsync(key, tbs, cancellationToken));
            signerCertificateSha256 = key.CertificateFingerprint;
        }

        var contentInfo = dtc.Encode();
        var stored = await _objects.PutAsync(new ObjectContent(contentInfo, "application/octet-stream"), cancellationToken);

        var record = new DtcRecord
        {
            DtcId = Guid.CreateVersion7(now),
            RequestId = request.RequestId,
            RequestHash = fingerprint,
            Binding = binding,
            ObjectKey = stored.Key.Value,
            ContentInfoSha256 = Convert.ToHexStringLower(SHA256.HashData(contentInfo)),
            SecurityObjectSha256 = securityObject is null ? string.Empty : Convert.ToHexStringLower(SHA256.HashData(securityObject)),
            SignerCertificateSha256 = signerCertificateSha256,
            IssuedAt = now,
            ExpiresAt = expiresAt,
            RequestedBy = caller,
        };
        if (await _repository.InsertIssuedAsync(record, Event(record), cancellationToken) is { } first)
        {
            // Another attempt with this request_id committed while this one was signing: its DTC is the answer.
            return await ReplayAsync(first, fingerprint, cancellationToken);
        }

        LogIssued(_logger, record.DtcId, record.ContentInfoSha256, record.ExpiresAt);
        var response = new IssueDtcResponse { Dtc = DtcContracts.ToContract(record, now, contentInfo), Replayed = false };
        if (passiveAuthentication is not null)
        {
            response.Checks.AddRange(passiveAuthentication.Checks);
        }

        return response;
    }

    private async Task<IssueDtcResponse> ReplayAsync(DtcRecord existing, byte[] fingerprint, CancellationToken cancellationToken)
    {
        if (!CryptographicOperations.FixedTimeEquals(existing.RequestHash, fingerprint))
        {
            throw DtcErrors.RequestIdConflict();
        }

        var contentInfo = await _objects.GetAsync(ObjectKey.Parse(existing.ObjectKey), cancellationToken);
        return new IssueDtcResponse { Dtc = DtcContracts.ToContract(existing, _timeProvider.GetUtcNow(), contentInfo), Replayed = true };
    }

    /// <summary>The eMRTD's date of expiry from DG1 (end of that day, UTC), or null when DG1 does not decode as an MRZ.</summary>
    private static DateTimeOffset? DocumentExpiry(byte[] dg1, DateTimeOffset now)
    {
        try
        {
            var mrz = DataGroup1.Decode(dg1).Mrz;
            return MrzDates.InferExpiryDate(mrz.Data.DateOfExpiry, DateOnly.FromDateTime(now.UtcDateTime)) is { } date
                ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(1)
                : null;
        }
        catch (Credentials.Icao9303.Icao9303FormatException)
        {
            throw DtcErrors.Invalid("MRZ_MALFORMED", "DG1 does not hold a valid MRZ.");
        }
    }

    private static DtcIssued Event(DtcRecord record) => new()
    {
        DtcId = record.DtcId.ToString("D"),
        RequestId = record.RequestId,
        Binding = record.Binding,
        ContentInfoSha256 = record.ContentInfoSha256,
        SecurityObjectSha256 = record.SecurityObjectSha256,
        CredentialId = record.CredentialId,
        IssuedAt = Timestamp.FromDateTimeOffset(record.IssuedAt),
        ExpiresAt = Timestamp.FromDateTimeOffset(record.ExpiresAt),
        RequestedBy = record.RequestedBy,
    };

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Issued DTC {DtcId} (content sha256 {ContentSha256}) valid until {ExpiresAt}")]
    private static partial void LogIssued(ILogger logger, Guid dtcId, string contentSha256, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "IssueDtc refused: Passive Authentication verdict {Verdict}")]
    private static partial void LogRefused(ILogger logger, Verdict verdict);
}
