using System.Security.Cryptography;

namespace Credentials.Icao9303.Issuance;

/// <summary>
/// Serial numbers for issued certificates: positive INTEGERs of 16 octets (127 random bits), well above the 64 bits
/// of entropy CA/Browser practice asks for and inside RFC 5280 §4.1.2.2's 20-octet limit.
/// Uniqueness across the service is the caller's to enforce (a unique index); a collision is practically impossible.
/// </summary>
public static class CertificateSerialNumber
{
    /// <summary>Length in octets of the serials created here.</summary>
    public const int Length = 16;

    /// <summary>Creates a serial number (big-endian INTEGER content octets, first octet 0x01..0x7F).</summary>
    public static byte[] Create(RandomNumberGenerator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var serial = new byte[Length];
        do
        {
            random.GetBytes(serial);
            // Positive and minimally encoded: the top bit clear and the first octet not zero.
            serial[0] &= 0x7F;
        }
        while (serial[0] == 0);

        return serial;
    }
}
