using Credentials.Core;

namespace Credentials.Ledger.Application;

/// <summary>The ledger's error reasons (credentials.common.v1.ErrorReason names without the prefix).</summary>
internal static class LedgerErrors
{
    public static CredentialsException FieldRequired(string field) =>
        CredentialsException.InvalidArgument("FIELD_REQUIRED", $"{field} is required.");

    public static CredentialsException FieldInvalid(string field, string message) =>
        CredentialsException.InvalidArgument("FIELD_INVALID", $"{field}: {message}");

    public static CredentialsException PageSizeInvalid() =>
        CredentialsException.InvalidArgument("PAGE_SIZE_INVALID", "page_size must not be negative.");

    public static CredentialsException PageTokenInvalid() =>
        CredentialsException.InvalidArgument("PAGE_TOKEN_INVALID", "page_token is malformed or was issued for other filters.");

    public static CredentialsException RangeInvalid(string message) =>
        CredentialsException.InvalidArgument("LEDGER_RANGE_INVALID", message);
}
