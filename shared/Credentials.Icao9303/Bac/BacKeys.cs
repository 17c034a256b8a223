using System.Security.Cryptography;
using System.Text;
using Credentials.Icao9303.Mrz;

namespace Credentials.Icao9303.Bac;

/// <summary>
/// Basic Access Control document keys (Doc 9303 Part 11 section 4.3.2 and Appendix D.1):
/// <c>MRZ_information = document number + cd + date of birth + cd + date of expiry + cd</c>,
/// <c>K_seed = first 16 bytes of SHA-1(MRZ_information)</c>, <c>K_enc = KDF(K_seed, 1)</c>, <c>K_mac = KDF(K_seed, 2)</c>.
/// The document number is padded with fillers to at least 9 characters; longer numbers are used in full.
/// </summary>
public sealed class BacKeys
{
    private BacKeys(string mrzInformation, byte[] seed)
    {
        MrzInformation = mrzInformation;
        KSeed = seed;
        KEnc = Doc9303Kdf.DeriveTripleDes(seed, Doc9303Kdf.Encryption);
        KMac = Doc9303Kdf.DeriveTripleDes(seed, Doc9303Kdf.Mac);
    }

    /// <summary>The MRZ information the keys derive from.</summary>
    public string MrzInformation { get; }

    /// <summary>K_seed (16 bytes).</summary>
    public byte[] KSeed { get; }

    /// <summary>K_enc (16 bytes, 2-key 3DES with parity).</summary>
    public byte[] KEnc { get; }

    /// <summary>K_mac (16 bytes, 2-key 3DES with parity).</summary>
    public byte[] KMac { get; }

    /// <summary>Derives the keys from the three MRZ fields (check digits are computed here).</summary>
    /// <exception cref="ArgumentException">A field holds characters outside [0-9A-Z&lt;] or a date is not 6 characters.</exception>
    public static BacKeys Derive(string documentNumber, string dateOfBirth, string dateOfExpiry)
    {
        return FromMrzInformation(BuildMrzInformation(documentNumber, dateOfBirth, dateOfExpiry));
    }

    /// <summary>Derives the keys from a ready MRZ_information string.</summary>
    public static BacKeys FromMrzInformation(string mrzInformation)
    {
        ArgumentNullException.ThrowIfNull(mrzInformation);
#pragma warning disable CA5350 // SHA-1 is what Doc 9303 Part 11 section 4.3.2 specifies for K_seed.
        var seed = SHA1.HashData(Encoding.ASCII.GetBytes(mrzInformation))[..16];
#pragma warning restore CA5350
        return new BacKeys(mrzInformation, seed);
    }

    /// <summary>Builds MRZ_information (also the PACE MRZ password input, Part 11 section 9.7.3).</summary>
    public static string BuildMrzInformation(string documentNumber, string dateOfBirth, string dateOfExpiry)
    {
        ArgumentNullException.ThrowIfNull(documentNumber);
        ArgumentNullException.ThrowIfNull(dateOfBirth);
        ArgumentNullException.ThrowIfNull(dateOfExpiry);
        if (dateOfBirth.Length != 6 || dateOfExpiry.Length != 6)
        {
            throw new ArgumentException("Dates are YYMMDD.", nameof(dateOfBirth));
        }

        var number = documentNumber.ToUpperInvariant().PadRight(9, '<');
        return number + MrzCheckDigit.ComputeChar(number)
            + dateOfBirth + MrzCheckDigit.ComputeChar(dateOfBirth)
            + dateOfExpiry + MrzCheckDigit.ComputeChar(dateOfExpiry);
    }
}
