namespace Credentials.Icao9303.Sod;

/// <summary>
/// <c>DataGroupHash ::= SEQUENCE { dataGroupNumber DataGroupNumber, dataGroupHashValue OCTET STRING }</c>,
/// <c>DataGroupNumber ::= INTEGER { dataGroup1(1) .. dataGroup16(16) }</c> (Doc 9303 Part 10 section 4.6.2.2).
/// </summary>
/// <param name="DataGroupNumber">1..16.</param>
/// <param name="HashValue">Digest of the whole data group file (tag, length and value) with the SOD's hashAlgorithm.</param>
public sealed record DataGroupHash(int DataGroupNumber, ReadOnlyMemory<byte> HashValue);
