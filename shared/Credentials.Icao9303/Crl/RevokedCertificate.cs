namespace Credentials.Icao9303.Crl;

/// <summary>
/// One <c>revokedCertificates</c> entry of a CRL (RFC 5280 §5.1.2.6):
/// <c>SEQUENCE { userCertificate CertificateSerialNumber, revocationDate Time, crlEntryExtensions Extensions OPTIONAL }</c>.
/// </summary>
public sealed class RevokedCertificate
{
    public RevokedCertificate(string serialNumberHex, DateTimeOffset revocationDate, int? reasonCode)
    {
        SerialNumberHex = serialNumberHex;
        RevocationDate = revocationDate;
        ReasonCode = reasonCode;
    }

    /// <summary>Serial number as upper-case hex of the DER INTEGER contents with leading 00 octets removed.</summary>
    public string SerialNumberHex { get; }

    public DateTimeOffset RevocationDate { get; }

    /// <summary>CRLReason (RFC 5280 §5.3.1) from the reasonCode entry extension, when present.</summary>
    public int? ReasonCode { get; }
}
