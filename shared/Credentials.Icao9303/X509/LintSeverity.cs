namespace Credentials.Icao9303.X509;

/// <summary>How serious a profile finding is.</summary>
public enum LintSeverity
{
    /// <summary>Noted, not a deviation.</summary>
    Info = 0,

    /// <summary>A deviation from Doc 9303 Part 12 seen in real, accepted certificates (relying parties tolerate it).</summary>
    Warning = 1,

    /// <summary>A violation that makes the object non-conformant.</summary>
    Error = 2,
}
