namespace Credentials.Cli;

/// <summary>Process exit codes shared by every credctl command.</summary>
internal static class ExitCodes
{
    /// <summary>The check passed (VALID, VALID_WITH_WARNINGS, SERVING...).</summary>
    public const int Ok = 0;

    /// <summary>The input was read but is invalid (INVALID, INDETERMINATE, NOT_SERVING...).</summary>
    public const int Invalid = 1;

    /// <summary>Bad usage, unreadable file or unreachable server.</summary>
    public const int UsageOrIoError = 2;
}
