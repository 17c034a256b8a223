using Credentials.Core;
using Credentials.Icao9303;
using Credentials.Storage;
using Grpc.Core;

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

    public static CredentialsException CscaFailed(RpcException rpc) => rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded
        ? new CredentialsException(ErrorKind.Unavailable, "DEPENDENCY_UNAVAILABLE", $"The csca service is unavailable; retry ({rpc.StatusCode}: {rpc.Status.Detail}).", rpc) { RetryAfter = TimeSpan.FromSeconds(1) }
        : new CredentialsException(ErrorKind.FailedPrecondition, "NO_ACTIVE_SIGNER_KEY", $"csca refused the DTC Signer certificate: {rpc.Status.StatusCode} {rpc.Status.Detail}", rpc);

    public static CredentialsException KeyVaultFailed(Credentials.KeyVault.KeyVaultException vault) =>
        new(ErrorKind.Unavailable, "KEY_VAULT_UNAVAILABLE", $"The HSM refused or is unavailable: {vault.Message}", vault) { RetryAfter = TimeSpan.FromSeconds(1) };

    /// <summary>Maps library failures to domain errors; returns null for anything else (it stays unexpected).</summary>
    public static CredentialsException? Translate(Exception exception) => exception switch
    {
        CredentialsException domain => domain,
        StorageException { Reason: StorageErrorReason.Unavailable } storage =>
            new CredentialsException(ErrorKind.Unavailable, "DEPENDENCY_UNAVAILABLE", "The object store is unavailable; retry.", storage) { RetryAfter = TimeSpan.FromSeconds(1) },
        Npgsql.NpgsqlException { IsTransient: true } database =>
            new CredentialsException(ErrorKind.Unavailable, "DEPENDENCY_UNAVAILABLE", "The database is unavailable; retry.", database) { RetryAfter = TimeSpan.FromSeconds(1) },
        RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded } rpc =>
            new CredentialsException(ErrorKind.Unavailable, "DEPENDENCY_UNAVAILABLE", $"The trust-anchor service is unavailable; retry ({rpc.StatusCode}: {rpc.Status.Detail}).", rpc) { RetryAfter = TimeSpan.FromSeconds(1) },
        RpcException { StatusCode: StatusCode.InvalidArgument } rpc =>
            new CredentialsException(ErrorKind.InvalidArgument, "SOD_MALFORMED", $"trust-anchor rejected the document: {rpc.Status.Detail}", rpc),
        RpcException rpc => new CredentialsException(ErrorKind.FailedPrecondition, "UNSPECIFIED", $"The trust-anchor service refused: {rpc.Status.StatusCode} {rpc.Status.Detail}", rpc),
        Credentials.KeyVault.KeyVaultException vault => KeyVaultFailed(vault),
        Icao9303FormatException format => new CredentialsException(ErrorKind.InvalidArgument, format.Reason, format.Message, format),
        _ => null,
    };
}
