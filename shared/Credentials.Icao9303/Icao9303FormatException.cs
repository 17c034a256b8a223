namespace Credentials.Icao9303;

/// <summary>
/// The one exception every Doc 9303 decoder in this library throws for malformed input.
/// <see cref="Reason"/> is a stable, machine-readable code (e.g. <c>sod.trailing-data</c>).
/// </summary>
public sealed class Icao9303FormatException : FormatException
{
    public Icao9303FormatException(string reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public Icao9303FormatException(string reason, string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public Icao9303FormatException()
        : this("format.invalid", "The input is not well formed.")
    {
    }

    public Icao9303FormatException(string message)
        : this("format.invalid", message)
    {
    }

    public Icao9303FormatException(string message, Exception innerException)
        : this("format.invalid", message, innerException)
    {
    }

    /// <summary>Stable reason code, dot-separated, lower case.</summary>
    public string Reason { get; }
}
