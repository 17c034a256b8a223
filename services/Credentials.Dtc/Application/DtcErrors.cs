using Credentials.Core;
using Credentials.Icao9303;

namespace Credentials.Dtc.Application;

/// <summary>The domain errors of the dtc service, with the reason codes of <c>credentials.common.v1.ErrorReason</c>.</summary>
internal static class DtcErrors
{
    public static CredentialsException FieldRequired(string field) =>
        new(ErrorKind.InvalidArgument, "FIELD_REQUIRED", $"{field} is required.");

    public static CredentialsException FieldInvalid(string field, string message) =>
        new(ErrorKind.InvalidArgument, "FIELD_INVALID", $"{field}: {message}");

    public static CredentialsException Invalid(string reason, string message) => new(ErrorKind.InvalidArgument, reason, message);

    public static CredentialsException RequestIdMissing() =>
        new(ErrorKind.InvalidArgument, "REQUEST_ID_MISSING", "request_id is required.");

    public static CredentialsException RequestIdConflict() =>
        new(ErrorKind.AlreadyExists, "REQUEST_ID_CONFLICT", "request_id was already used with a different request.");

    public static CredentialsException DtcNotFound() => new(ErrorKind.NotFound, "DTC_NOT_FOUND", "No DTC matches.");

    public static CredentialsException AlreadyRevoked() => new(ErrorKind.FailedPrecondition, "DTC_ALREADY_REVOKED", "The DTC is already revoked.");

    public static CredentialsException Malformed(Icao9303FormatException format) =>
        new(ErrorKind.InvalidArgument, "DTC_MALFORMED", $"The DTCContentInfo does not decode ({format.Reason}): {format.Message}", format);

    public static CredentialsException PassiveAuthenticationFailed(string failedChecks) =>
        new(ErrorKind.FailedPrecondition, "PASSIVE_AUTHENTICATION_FAILED", $"Passive Authentication of the source eMRTD failed: {failedChecks}");

    public static CredentialsException TrustAnchorNotConfigured() =>
        new(ErrorKind.FailedPrecondition, "UNSPECIFIED", "Dtc:TrustAnchorEndpoint is not configured; Passive Authentication cannot run.");

    public static CredentialsException CscaNotConfigured() =>
        new(ErrorKind.FailedPrecondition, "NO_ACTIVE_SIGNER_KEY", "Dtc:CscaEndpoint is not configured; no DTC Signer certificate can be obtained for the PC-bound bindings.");

    public static CredentialsException SignerCertificateMismatch() =>
        new(ErrorKind.FailedPrecondition, "UNSPECIFIED", "The DTC Signer certificate from csca does not certify the HSM key.");

    /// <summary>csca did not issue the DTC Signer certificate: unreachable (<paramref name="transient"/>, retry) or refused.</summary>
    public static CredentialsException CscaFailed(bool transient, string answer, Exception failure) => transient
        ? new CredentialsException(ErrorKind.Unavailable, "DEPENDENCY_UNAVAILABLE", $"The csca service is unavailable; retry ({answer}).", failure) { RetryAfter = TimeSpan.FromSeconds(1) }
        : new CredentialsException(ErrorKind.FailedPrecondition, "NO_ACTIVE_SIGNER_KEY", $"csca refused the DTC Signer certificate: {answer}", failure);

    /// <summary>trust-anchor could not decode the security object (or a data group) of the source eMRTD.</summary>
    public static CredentialsException SodRejected(string detail, Exception failure) =>
        new(ErrorKind.InvalidArgument, "SOD_MALFORMED", $"trust-anchor rejected the document: {detail}", failure);
}
