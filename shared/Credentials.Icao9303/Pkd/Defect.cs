namespace Credentials.Icao9303.Pkd;

/// <summary>
/// <c>Defect ::= SEQUENCE { description PrintableString OPTIONAL, defectType OBJECT IDENTIFIER, parameters ANY OPTIONAL }</c>
/// (Doc 9303 Part 12 §9.2).
/// </summary>
public sealed record Defect(string? Description, string DefectType, ReadOnlyMemory<byte>? Parameters);
