using Credentials.Core;

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
}
