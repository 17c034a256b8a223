namespace Credentials.Icao9303.Pkd;

/// <summary>Layout of files written by <see cref="LdifWriter"/>. The defaults match the ICAO PKD download files.</summary>
public sealed class LdifWriterOptions
{
    /// <summary>Maximum physical line length; longer lines are folded (RFC 2849 §"Notes" 2). 0 disables folding.</summary>
    public int FoldWidth { get; init; } = 76;

    /// <summary>Line terminator: "\n" (default) or "\r\n".</summary>
    public string NewLine { get; init; } = "\n";
}
