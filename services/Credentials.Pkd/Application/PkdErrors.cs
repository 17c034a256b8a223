using Credentials.Core;

namespace Credentials.Pkd.Application;

/// <summary>The domain errors of the pkd service, with the reason codes of <c>credentials.common.v1.ErrorReason</c>.</summary>
internal static class PkdErrors
{
    public static CredentialsException FieldRequired(string field) => new(ErrorKind.InvalidArgument, "FIELD_REQUIRED", $"{field} is required.");

    public static CredentialsException FieldInvalid(string field, string message) => new(ErrorKind.InvalidArgument, "FIELD_INVALID", $"{field}: {message}");

    public static CredentialsException Invalid(string reason, string message) => new(ErrorKind.InvalidArgument, reason, message);

    public static CredentialsException RequestIdConflict() =>
        new(ErrorKind.AlreadyExists, "REQUEST_ID_CONFLICT", "request_id was already used with a different request.");

    public static CredentialsException SourceNotFound(string sourceId) => new(ErrorKind.NotFound, "SOURCE_NOT_FOUND", $"No enabled source '{sourceId}'.");

    public static CredentialsException CrlNotFound() => new(ErrorKind.NotFound, "CRL_NOT_FOUND", "No current verified CRL matches.");

    public static CredentialsException WatchSequenceExpired(long after, long max) =>
        new(ErrorKind.FailedPrecondition, "WATCH_SEQUENCE_EXPIRED", $"after_sequence {after} is beyond the last change {max}.");
}
