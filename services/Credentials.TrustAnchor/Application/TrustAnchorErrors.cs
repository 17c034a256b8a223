using Credentials.Core;

namespace Credentials.TrustAnchor.Application;

/// <summary>The service's domain errors (reasons from credentials.common.v1.ErrorReason without the prefix).</summary>
internal static class TrustAnchorErrors
{
    public static CredentialsException FieldRequired(string field) =>
        CredentialsException.InvalidArgument("FIELD_REQUIRED", $"{field} is required.");

    public static CredentialsException FieldInvalid(string field, string why) =>
        CredentialsException.InvalidArgument("FIELD_INVALID", $"{field}: {why}");

    public static CredentialsException Invalid(string reason, string message) => CredentialsException.InvalidArgument(reason, message);

    public static CredentialsException Malformed(string what, string why) =>
        CredentialsException.InvalidArgument("TRUST_MATERIAL_MALFORMED", $"The {what} does not decode: {why}");

    public static CredentialsException Untrusted(string message) => CredentialsException.FailedPrecondition("TRUST_MATERIAL_UNTRUSTED", message);

    public static CredentialsException RequestIdConflict(string requestId) =>
        new(ErrorKind.AlreadyExists, "REQUEST_ID_CONFLICT", $"request_id '{requestId}' was already used with different content.");
}
