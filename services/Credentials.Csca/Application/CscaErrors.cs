using Credentials.Core;
using Credentials.Icao9303;

namespace Credentials.Csca.Application;

/// <summary>The domain errors of the csca service, with the reason codes of <c>credentials.common.v1.ErrorReason</c>.</summary>
internal static class CscaErrors
{
    public static CredentialsException FieldRequired(string field) =>
        new(ErrorKind.InvalidArgument, "FIELD_REQUIRED", $"{field} is required.");

    public static CredentialsException FieldInvalid(string field, string message) =>
        new(ErrorKind.InvalidArgument, "FIELD_INVALID", $"{field}: {message}");

    public static CredentialsException Invalid(string reason, string message) => new(ErrorKind.InvalidArgument, reason, message);

    public static CredentialsException RequestIdConflict() =>
        new(ErrorKind.AlreadyExists, "REQUEST_ID_CONFLICT", "request_id was already used with a different request.");

    public static CredentialsException CscaNotFound(string cscaId) =>
        new(ErrorKind.NotFound, "CSCA_NOT_FOUND", $"No CSCA '{cscaId}'.");

    public static CredentialsException CscaAlreadyExists(string cscaId) =>
        new(ErrorKind.AlreadyExists, "CSCA_ALREADY_EXISTS", $"A CSCA '{cscaId}' already exists.");

    public static CredentialsException CscaNotActive(string message) => new(ErrorKind.FailedPrecondition, "CSCA_NOT_ACTIVE", message);

    public static CredentialsException CertificateNotFound() =>
        new(ErrorKind.NotFound, "CERTIFICATE_NOT_FOUND", "No certificate issued by this service matches.");

    public static CredentialsException AlreadyRevoked() =>
        new(ErrorKind.FailedPrecondition, "CERTIFICATE_ALREADY_REVOKED", "The certificate is already revoked.");

    public static CredentialsException CrlNotFound() => new(ErrorKind.NotFound, "CRL_NOT_FOUND", "No CRL matches.");

    public static CredentialsException MasterListSignerNotFound(string message) =>
        new(ErrorKind.FailedPrecondition, "MASTER_LIST_SIGNER_NOT_FOUND", message);

    public static CredentialsException CertificateMalformed(Icao9303FormatException format) =>
        new(ErrorKind.InvalidArgument, "CERTIFICATE_MALFORMED", format.Message, format);
}
