namespace Credentials.Icao9303.Issuance;

/// <summary>
/// One revoked certificate in a CRL (RFC 5280 §5.1.2.6):
/// <code>SEQUENCE { userCertificate CertificateSerialNumber, revocationDate Time, crlEntryExtensions Extensions OPTIONAL }</code>
/// </summary>
/// <param name="SerialNumber">The certificate's serial number as DER INTEGER content octets.</param>
/// <param name="RevocationDate">When it was revoked.</param>
/// <param name="Reason">reasonCode; null writes no reasonCode extension.</param>
/// <param name="InvalidityDate">invalidityDate (RFC 5280 §5.3.2); null for none.</param>
public sealed record CrlEntry(ReadOnlyMemory<byte> SerialNumber, DateTimeOffset RevocationDate, CrlReason? Reason = null, DateTimeOffset? InvalidityDate = null);
