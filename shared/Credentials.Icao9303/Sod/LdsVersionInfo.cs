namespace Credentials.Icao9303.Sod;

/// <summary>
/// <c>LDSVersionInfo ::= SEQUENCE { ldsVersion PRINTABLE STRING, unicodeVersion PRINTABLE STRING }</c>
/// (Doc 9303 Part 10 section 4.6.2.2; e.g. "0108" and "040000"), present only in LDSSecurityObject v1.
/// </summary>
public sealed record LdsVersionInfo(string LdsVersion, string UnicodeVersion);
