using Credentials.Core;
using Credentials.Icao9303;
using Credentials.Icao9303.Issuance;
using Credentials.KeyVault;
using Credentials.Storage;
using Grpc.Core;

namespace Credentials.DocumentSigner.Application;

/// <summary>The domain errors of the document-signer service, with the reason codes of <c>credentials.common.v1.ErrorReason</c>.</summary>
internal static class DocumentSignerErrors
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

    public static CredentialsException NoActiveSignerKey(string documentType) =>
        new(ErrorKind.FailedPrecondition, "NO_ACTIVE_SIGNER_KEY", $"No active signer key for document type '{documentType}'.");

    public static CredentialsException SignerKeyNotFound(string keyId) =>
        new(ErrorKind.NotFound, "SIGNER_KEY_NOT_FOUND", $"No signer key '{keyId}'.");

    public static CredentialsException IssuanceNotFound() =>
        new(ErrorKind.NotFound, "ISSUANCE_NOT_FOUND", "No issuance matches.");

    public static CredentialsException CscaNotConfigured() =>
        new(ErrorKind.FailedPrecondition, "UNSPECIFIED", "DocumentSigner:CscaEndpoint is not configured; signer keys cannot be certified.");

    /// <summary>Maps library failures to domain errors; returns null for anything else (it stays unexpected).</summary>
    public static CredentialsException? Translate(Exception exception) => exception switch
    {
        CredentialsException domain => domain,
        IssuanceRejectedException rejected => new CredentialsException(ErrorKind.InvalidArgument, rejected.Reason, rejected.Message, rejected),
        KeyVaultException { Reason: KeyVaultErrorReason.ModuleUnavailable or KeyVaultErrorReason.TokenNotFound or KeyVaultErrorReason.TokenUnavailable or KeyVaultErrorReason.DeviceError } vault =>
            new CredentialsException(ErrorKind.Unavailable, "KEY_VAULT_UNAVAILABLE", "The HSM is unavailable; retry.", vault) { RetryAfter = TimeSpan.FromSeconds(1) },
        KeyVaultException vault => new CredentialsException(ErrorKind.FailedPrecondition, "KEY_VAULT_REFUSED", "The HSM refused the operation: " + vault.Reason, vault),
        StorageException { Reason: StorageErrorReason.Unavailable } storage =>
            new CredentialsException(ErrorKind.Unavailable, "DEPENDENCY_UNAVAILABLE", "The object store is unavailable; retry.", storage) { RetryAfter = TimeSpan.FromSeconds(1) },
        Npgsql.NpgsqlException { IsTransient: true } database =>
            new CredentialsException(ErrorKind.Unavailable, "DEPENDENCY_UNAVAILABLE", "The database is unavailable; retry.", database) { RetryAfter = TimeSpan.FromSeconds(1) },
        RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded } rpc =>
            new CredentialsException(ErrorKind.Unavailable, "DEPENDENCY_UNAVAILABLE", "The csca service is unavailable; retry.", rpc) { RetryAfter = TimeSpan.FromSeconds(1) },
        RpcException rpc => new CredentialsException(
            rpc.StatusCode == StatusCode.InvalidArgument ? ErrorKind.InvalidArgument : ErrorKind.FailedPrecondition,
            "UNSPECIFIED",
            $"The csca service refused: {rpc.Status.StatusCode} {rpc.Status.Detail}",
            rpc),
        Icao9303FormatException format => new CredentialsException(ErrorKind.InvalidArgument, format.Reason, format.Message, format),
        _ => null,
    };
}
