namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>Status of one Passive Authentication check.</summary>
public enum CheckStatus
{
    /// <summary>Not determined.</summary>
    Unspecified = 0,

    /// <summary>Passed.</summary>
    Pass = 1,

    /// <summary>Failed.</summary>
    Fail = 2,

    /// <summary>Passed with a warning.</summary>
    Warn = 3,

    /// <summary>Not performed (input absent or not applicable).</summary>
    Skip = 4,
}
