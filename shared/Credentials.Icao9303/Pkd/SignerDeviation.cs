namespace Credentials.Icao9303.Pkd;

/// <summary>
/// <c>SignerDeviation ::= SEQUENCE { signerIdentifier CertificateIdentifier, defects SET OF Defect }</c>
/// (Doc 9303 Part 12 §9.2).
/// </summary>
/// <param name="IdentifierKind"><c>issuerAndSerialNumber</c>, <c>subjectKeyIdentifier</c> or <c>certificateDigest</c>.</param>
/// <param name="Identifier">The CertificateIdentifier as encoded.</param>
/// <param name="Defects">The listed defects.</param>
public sealed record SignerDeviation(string IdentifierKind, ReadOnlyMemory<byte> Identifier, IReadOnlyList<Defect> Defects);
