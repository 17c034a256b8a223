using Credentials.Core;
using Credentials.Icao9303;
using Credentials.Icao9303.Issuance;
using Credentials.KeyVault;
using Credentials.Storage;

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

    /// <summary>Maps library failures to domain errors; returns null for anything else (it stays unexpected).</summary>
    public static CredentialsException? Translate(Exception exception) => exception switch
    {
        CredentialsException domain => domain,
        IssuanceRejectedException { Reason: IssuanceRejectedException.IssuerNotUsable } rejected =>
            new CredentialsException(ErrorKind.FailedPrecondition, rejected.Reason, rejected.Message, rejected),
        IssuanceRejectedException rejected => new CredentialsException(ErrorKind.InvalidArgument, rejected.Reason, rejected.Message, rejected),
        KeyVaultException { Reason: KeyVaultErrorReason.ModuleUnavailable or KeyVaultErrorReason.TokenNotFound or KeyVaultErrorReason.TokenUnavailable or KeyVaultErrorReason.DeviceError } vault =>
            new CredentialsException(ErrorKind.Unavailable, "KEY_VAULT_UNAVAILABLE", "The HSM is unavailable; retry.", vault) { RetryAfter = TimeSpan.FromSeconds(1) },
        KeyVaultException vault => new CredentialsException(ErrorKind.FailedPrecondition, "KEY_VAULT_REFUSED", "The HSM refused the operation: " + vault.Reason, vault),
        StorageException { Reason: StorageErrorReason.Unavailable } storage =>
            new CredentialsException(ErrorKind.Unavailable, "DEPENDENCY_UNAVAILABLE", "The object store is unavailable; retry.", storage) { RetryAfter = TimeSpan.FromSeconds(1) },
        Icao9303FormatException format => new CredentialsException(ErrorKind.InvalidArgument, "CERTIFICATE_MALFORMED", format.Message, format),
        _ => null,
    };
}
