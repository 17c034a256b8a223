using System.Security.Cryptography;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Dtc.V1;
using Credentials.Dtc.Options;
using Credentials.Icao9303;
using Credentials.Icao9303.Dtc;
using Microsoft.Extensions.Options;

namespace Credentials.Dtc.Application;

/// <summary>
/// VerifyDtc: decodes the DTCContentInfo strictly (a malformed one is INVALID_ARGUMENT DTC_MALFORMED with the decoder
/// reason), runs Passive Authentication of the embedded SOD and data groups at the validation time, and for a DTC this
/// service issued checks its status (not revoked, within its validity). Verdict: any FAIL gives INVALID, an
/// INDETERMINATE Passive Authentication or DTC Signer path gives INDETERMINATE, any WARN gives VALID_WITH_WARNINGS, else
/// VALID. For eMRTD-PC bound and PC bound DTCs (our profile, docs/dtc.md) also: <c>dtc.data-digest</c> (the dtcTBS digest
/// equals SHA-256 over the DER DTCData), <c>dtc.signature</c> (dtcSignerInfo over the DER dtcTBS), <c>dtc.validity</c>
/// (validFrom ≤ validation time &lt; validUntil) and <c>dtc.signer-certificate</c> (trust-anchor's VerifyCertificate of
/// the DTC Signer certificate: path to a trusted CSCA, validity, CRL and csca's revocation notices; its checks prefixed
/// <c>signer.</c>).
/// </summary>
internal sealed class VerifyDtcHandler
{
    private readonly DtcOptions _options;
    private readonly IDtcStore _repository;
    private readonly IPassiveAuthenticationService _passiveAuthentication;
    private readonly ISignerCertificateVerifier _certificates;
    private readonly TimeProvider _timeProvider;

    public VerifyDtcHandler(
        IOptions<DtcOptions> options,
        IDtcStore repository,
        IPassiveAuthenticationService passiveAuthentication,
        ISignerCertificateVerifier certificates,
        TimeProvider timeProvider)
    {
        _certificates = certificates;
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
            indeterminate = await CheckSignedPartsAsync(dtc, request.Policy, at, response, cancellationToken);
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
            indeterminate |= outcome.Verdict == Verdict.Indeterminate;
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

    /// <summary>The checks of dtcTBS and dtcSignerInfo; returns true when the DTC Signer's path is indeterminate.</summary>
    private async Task<bool> CheckSignedPartsAsync(DtcContentInfo dtc, VerificationPolicy? policy, DateTimeOffset at, VerifyDtcResponse response, CancellationToken cancellationToken)
    {
        var tbs = dtc.Tbs!;
        var signerInfo = dtc.SignerInfo!;
        var outcome = DtcSignatureVerifier.Verify(dtc);
        response.Checks.Add(outcome.DataDigestMatches
            ? new Check { Name = "dtc.data-digest", Status = CheckStatus.Pass, Detail = "The dtcTBS digest equals SHA-256 over the DER DTCData." }
            : new Check { Name = "dtc.data-digest", Status = CheckStatus.Fail, Reason = "DTC_DATA_DIGEST_MISMATCH", Detail = "DTCData (a data group, dtcSOD or another element) differs from what the DTC Signer signed." });
        response.Checks.Add(outcome.SignatureValid
            ? new Check { Name = "dtc.signature", Status = CheckStatus.Pass, Detail = "dtcSignerInfo.signature verifies over dtcTBS with the DTC Signer certificate's key." }
            : new Check
            {
                Name = "dtc.signature",
                Status = CheckStatus.Fail,
                Reason = "DTC_SIGNATURE_INVALID",
                Detail = outcome.Problem ?? "dtcSignerInfo.signature does not verify over dtcTBS with the DTC Signer certificate's key (dtcTBS or the signature changed).",
            });
        if (outcome.SignerRole is { } role)
        {
            response.Checks.Add(role.IsAllowed
                ? new Check { Name = "dtc.signer-role", Status = CheckStatus.Pass, Detail = role.Detail }
                : new Check { Name = "dtc.signer-role", Status = CheckStatus.Fail, Reason = role.Reason.Replace('.', '_').Replace('-', '_').ToUpperInvariant(), Detail = role.Detail });
        }

        response.Checks.Add(at < tbs.ValidFrom
            ? new Check { Name = "dtc.validity", Status = CheckStatus.Fail, Reason = "DTC_NOT_YET_VALID", Detail = $"dtcTBS validFrom is {tbs.ValidFrom:O}." }
            : at >= tbs.ValidUntil
                ? new Check { Name = "dtc.validity", Status = CheckStatus.Fail, Reason = "DTC_EXPIRED", Detail = $"dtcTBS validUntil was {tbs.ValidUntil:O}." }
                : new Check { Name = "dtc.validity", Status = CheckStatus.Pass, Detail = $"Within dtcTBS validity ({tbs.ValidFrom:O} .. {tbs.ValidUntil:O})." });

        var verification = await _certificates.VerifyCertificateAsync(signerInfo.SignerCertificate, policy, at, cancellationToken);
        foreach (var check in verification.Checks)
        {
            response.Checks.Add(new Check { Name = "signer." + check.Name, Status = check.Status, Reason = check.Reason, Detail = check.Detail });
        }

        if (verification.Certificate is not null)
        {
            response.DtcSignerCertificate = verification.Certificate;
        }

        var kind = verification.Certificate?.Kind ?? CertificateKind.Unspecified;
        response.Checks.Add(verification.Certificate?.Status == CertificateStatus.Revoked
            ? new Check { Name = "dtc.signer-certificate", Status = CheckStatus.Fail, Reason = "DTC_SIGNER_REVOKED", Detail = "The DTC Signer certificate is revoked." }
            : kind is not (CertificateKind.DtcSigner or CertificateKind.Unspecified)
                ? new Check { Name = "dtc.signer-certificate", Status = CheckStatus.Fail, Reason = "DTC_SIGNER_PROFILE", Detail = $"dtcSignerInfo holds a {kind} certificate, not a DTC Signer certificate." }
                : verification.Verdict switch
                {
                    Verdict.Valid => new Check { Name = "dtc.signer-certificate", Status = CheckStatus.Pass, Detail = "The DTC Signer certificate chains to a trusted CSCA and is valid and not revoked." },
                    Verdict.ValidWithWarnings => new Check { Name = "dtc.signer-certificate", Status = CheckStatus.Warn, Detail = "The DTC Signer certificate is valid with warnings (see signer.* checks)." },
                    Verdict.Indeterminate => new Check { Name = "dtc.signer-certificate", Status = CheckStatus.Skip, Reason = "DTC_SIGNER_INDETERMINATE", Detail = "The DTC Signer certificate's path or status could not be decided (see signer.* checks)." },
                    _ => new Check { Name = "dtc.signer-certificate", Status = CheckStatus.Fail, Reason = "DTC_SIGNER_INVALID", Detail = $"trust-anchor: {verification.Verdict} ({DtcContracts.FailedCheckNames(verification.Checks)})." },
                });
        return verification.Verdict == Verdict.Indeterminate;
    }
}
