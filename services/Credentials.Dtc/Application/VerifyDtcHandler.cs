using System.Security.Cryptography;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Dtc.V1;
using Credentials.Dtc.Infrastructure;
using Credentials.Dtc.Options;
using Credentials.Icao9303;
using Credentials.Icao9303.Dtc;
using Microsoft.Extensions.Options;

namespace Credentials.Dtc.Application;

/// <summary>
/// VerifyDtc: decodes the DTCContentInfo strictly (a malformed one is INVALID_ARGUMENT DTC_MALFORMED with the decoder
/// reason), runs Passive Authentication of the embedded SOD and data groups at the validation time, and for a DTC this
/// service issued checks its status (not revoked, within its validity). Verdict: any FAIL gives INVALID, an
/// INDETERMINATE Passive Authentication gives INDETERMINATE, any WARN gives VALID_WITH_WARNINGS, else VALID.
/// Bindings with dtcTBS/dtcSignerInfo are not verified by this deployment (check <c>dtc.binding</c> FAIL).
/// </summary>
internal sealed class VerifyDtcHandler
{
    private readonly DtcOptions _options;
    private readonly DtcRepository _repository;
    private readonly IPassiveAuthenticationService _passiveAuthentication;
    private readonly TimeProvider _timeProvider;

    public VerifyDtcHandler(IOptions<DtcOptions> options, DtcRepository repository, IPassiveAuthenticationService passiveAuthentication, TimeProvider timeProvider)
    {
        _options = options.Value;
        _repository = repository;
        _passiveAuthentication = passiveAuthentication;
        _timeProvider = timeProvider;
    }

    /// <summary>Checks the request shape (INVALID_ARGUMENT with a reason).</summary>
    public static void Validate(VerifyDtcRequest request, DtcOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (request.ContentInfo.IsEmpty)
        {
            throw DtcErrors.FieldRequired("content_info");
        }

        if (request.ContentInfo.Length > options.MaxContentInfoBytes)
        {
            throw DtcErrors.Invalid("PAYLOAD_TOO_LARGE", $"content_info is larger than {options.MaxContentInfoBytes} bytes.");
        }
    }

    public async Task<VerifyDtcResponse> HandleAsync(VerifyDtcRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bytes = request.ContentInfo.Memory;
        DtcContentInfo dtc;
        try
        {
            dtc = DtcContentInfo.Decode(bytes, new DtcLimits
            {
                MaxContentInfoBytes = _options.MaxContentInfoBytes,
                MaxDataGroupBytes = _options.MaxDataGroupBytes,
                MaxSecurityObjectBytes = _options.MaxSecurityObjectBytes,
            });
        }
        catch (Icao9303FormatException format)
        {
            throw DtcErrors.Malformed(format);
        }

        var at = request.ValidationTime?.ToDateTimeOffset() ?? _timeProvider.GetUtcNow();
        var response = new VerifyDtcResponse { Binding = (DtcBinding)(int)dtc.Binding };
        response.Checks.Add(new Check { Name = "dtc.structure", Status = CheckStatus.Pass, Detail = "DTCContentInfo v1 decodes as strict DER." });
        var indeterminate = false;
        if (dtc.Binding != DtcBindingKind.EmrtdBound)
        {
            response.Checks.Add(new Check
            {
                Name = "dtc.binding",
                Status = CheckStatus.Fail,
                Reason = "DTC_BINDING_UNSUPPORTED",
                Detail = $"{dtc.Binding}: verification of dtcTBS/dtcSignerInfo is not enabled in this deployment.",
            });
        }

        if (dtc.Data.SecurityObject is { } sod)
        {
            var outcome = await _passiveAuthentication.VerifyAsync(sod, dtc.Data.DataGroups, request.Policy, at, cancellationToken);
            foreach (var check in outcome.Checks)
            {
                response.Checks.Add(new Check { Name = "pa." + check.Name, Status = check.Status, Reason = check.Reason, Detail = check.Detail });
            }

            response.Checks.Add(new Check
            {
                Name = "dtc.passive-authentication",
                Status = outcome.Verdict switch
                {
                    Verdict.Valid => CheckStatus.Pass,
                    Verdict.ValidWithWarnings => CheckStatus.Warn,
                    Verdict.Indeterminate => CheckStatus.Skip,
                    _ => CheckStatus.Fail,
                },
                Reason = outcome.Passed ? string.Empty : "PASSIVE_AUTHENTICATION_FAILED",
                Detail = $"Passive Authentication of dtcSOD and the data groups: {outcome.Verdict}.",
            });
            indeterminate = outcome.Verdict == Verdict.Indeterminate;
            if (outcome.DocumentSignerCertificate is not null)
            {
                response.DocumentSignerCertificate = outcome.DocumentSignerCertificate;
            }
        }

        var record = await _repository.FindByContentHashAsync(Convert.ToHexStringLower(SHA256.HashData(bytes.Span)), cancellationToken);
        if (record is null)
        {
            response.Status = DtcStatus.Unspecified;
            response.Checks.Add(new Check { Name = "dtc.status", Status = CheckStatus.Warn, Reason = "DTC_NOT_FOUND", Detail = "Not issued by this service; revocation and validity are unknown here." });
        }
        else
        {
            response.DtcId = record.DtcId.ToString("D");
            response.Status = record.StatusAt(at);
            response.Checks.Add(response.Status switch
            {
                DtcStatus.Active => new Check { Name = "dtc.status", Status = CheckStatus.Pass, Detail = $"Issued here; valid until {record.ExpiresAt:O}." },
                DtcStatus.Revoked => new Check { Name = "dtc.status", Status = CheckStatus.Fail, Reason = "DTC_REVOKED", Detail = $"Revoked at {record.RevokedAt:O} ({record.RevocationReason})." },
                _ => new Check { Name = "dtc.status", Status = CheckStatus.Fail, Reason = "DTC_EXPIRED", Detail = $"Validity ended at {record.ExpiresAt:O}." },
            });
        }

        response.Verdict = response.Checks.Any(c => c.Status == CheckStatus.Fail) ? Verdict.Invalid
            : indeterminate ? Verdict.Indeterminate
            : response.Checks.Any(c => c.Status == CheckStatus.Warn) ? Verdict.ValidWithWarnings
            : Verdict.Valid;
        return response;
    }
}
