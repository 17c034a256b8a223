namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>Overall result of Passive Authentication (Doc 9303 Part 11 section 5.1).</summary>
public enum PassiveAuthenticationVerdict
{
    /// <summary>Not determined.</summary>
    Unspecified = 0,

    /// <summary>Every check passed.</summary>
    Valid = 1,

    /// <summary>Every required check passed; some reported warnings (e.g. SHA-1, missing CRL, known non-conformance).</summary>
    ValidWithWarnings = 2,

    /// <summary>A check failed: the document's data or its signer cannot be trusted.</summary>
    Invalid = 3,

    /// <summary>A required check could not be completed (no trust anchor, required CRL missing or stale).</summary>
    Indeterminate = 4,
}
