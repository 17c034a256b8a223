namespace Credentials.Icao9303.Pkd;

/// <summary>An inner certificate of a Master List that could not be decoded and was left out (not fatal).</summary>
/// <param name="Index">Zero-based position in <c>certList</c>.</param>
/// <param name="Reason">Stable reason code of the decoding failure.</param>
/// <param name="Message">Human-readable detail.</param>
public sealed record SkippedCertificate(int Index, string Reason, string Message);
