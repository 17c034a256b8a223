using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Dtc.V1;
using Credentials.Contracts.Events.V1;
using Credentials.Dtc.Options;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;

namespace Credentials.Dtc.Application;

/// <summary>
/// GetDtcStatus and RevokeDtc. RevokeDtc marks the row revoked and writes the <c>dtc.revoked</c> outbox row in the same
/// transaction; it is idempotent on request_id (a retry returns the revoked DTC, the same request_id for another DTC is
/// REQUEST_ID_CONFLICT) and answers DTC_ALREADY_REVOKED when a new request_id targets a revoked DTC.
/// </summary>
internal sealed partial class DtcStatusHandler
{
    private readonly DtcOptions _options;
    private readonly IDtcStore _repository;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DtcStatusHandler> _logger;

    public DtcStatusHandler(IOptions<DtcOptions> options, IDtcStore repository, TimeProvider timeProvider, ILogger<DtcStatusHandler> logger)
    {
        _options = options.Value;
        _repository = repository;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Validates GetDtcStatus; returns the lookup key.</summary>
    public static (Guid? DtcId, string? ContentHash) ValidateLookup(GetDtcStatusRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.LookupCase switch
        {
            GetDtcStatusRequest.LookupOneofCase.DtcId => (ParseId(request.DtcId, "dtc_id"), null),
            GetDtcStatusRequest.LookupOneofCase.ContentInfoSha256 when IsSha256Hex(request.ContentInfoSha256) => (null, request.ContentInfoSha256),
            GetDtcStatusRequest.LookupOneofCase.ContentInfoSha256 => throw DtcErrors.FieldInvalid("content_info_sha256", "not 64 lowercase hex digits."),
            _ => throw DtcErrors.FieldRequired("dtc_id or content_info_sha256"),
        };
    }

    /// <summary>Validates RevokeDtc; returns the DTC id.</summary>
    public static Guid ValidateRevoke(RevokeDtcRequest request, DtcOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(request.RequestId))
        {
            throw DtcErrors.RequestIdMissing();
        }

        if (request.RequestId.Length > options.MaxRequestIdLength)
        {
            throw DtcErrors.FieldInvalid("request_id", $"longer than {options.MaxRequestIdLength} characters.");
        }

        if (!System.Enum.IsDefined(request.Reason))
        {
            throw DtcErrors.FieldInvalid("reason", "not a DtcRevocationReason value.");
        }

        return ParseId(request.DtcId, "dtc_id");
    }

    public async Task<GetDtcStatusResponse> GetAsync(Guid? dtcId, string? contentHash, CancellationToken cancellationToken)
    {
        var record = dtcId is { } id
            ? await _repository.FindByIdAsync(id, cancellationToken)
            : await _repository.FindByContentHashAsync(contentHash!, cancellationToken);
        return record is null
            ? throw DtcErrors.DtcNotFound()
            : new GetDtcStatusResponse { Dtc = DtcContracts.ToContract(record, _timeProvider.GetUtcNow(), null) };
    }

    public async Task<RevokeDtcResponse> RevokeAsync(RevokeDtcRequest request, string caller, CancellationToken cancellationToken)
    {
        var dtcId = ValidateRevoke(request, _options);
        var now = DtcContracts.TruncateToSeconds(_timeProvider.GetUtcNow());
        var (dtc, revoked) = await _repository.RevokeAsync(
            request.RequestId,
            dtcId,
            request.Reason,
            now,
            caller,
            (earlier, record) =>
            {
                if (record is null)
                {
                    throw DtcErrors.DtcNotFound();
                }

                if (earlier is { } earlierId)
                {
                    // A retry of an earlier RevokeDtc: the same DTC is replayed; another DTC under this request_id is a conflict.
                    return earlierId == dtcId ? null : throw DtcErrors.RequestIdConflict();
                }

                if (record.RevokedAt is not null)
                {
                    throw DtcErrors.AlreadyRevoked();
                }

                return new DtcRevoked
                {
                    DtcId = dtcId.ToString("D"),
                    RequestId = request.RequestId,
                    ContentInfoSha256 = record.ContentInfoSha256,
                    Reason = request.Reason,
                    RevokedAt = Timestamp.FromDateTimeOffset(now),
                    RequestedBy = caller,
                };
            },
            cancellationToken);
        if (revoked)
        {
            LogRevoked(_logger, dtcId, request.Reason);
        }

        return new RevokeDtcResponse { Dtc = DtcContracts.ToContract(dtc, now, null) };
    }

    private static Guid ParseId(string value, string field) =>
        Guid.TryParse(value, out var id) ? id : throw DtcErrors.FieldInvalid(field, "not a UUID.");

    private static bool IsSha256Hex(string value) => value.Length == 64 && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Revoked DTC {DtcId} ({Reason})")]
    private static partial void LogRevoked(ILogger logger, Guid dtcId, DtcRevocationReason reason);
}
