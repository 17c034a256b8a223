using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Vds;

/// <summary>
/// How a VDS header names its signer certificate (Doc 9303 Part 13 §2.2): the signer identifier begins with the signer
/// certificate's subject country code (C), and the certificate reference is the certificate's serial number in hex
/// (leading zeros not significant). One rule for the sealer (which writes the header) and the verifier (which finds the
/// certificate with it).
/// </summary>
public static class VdsSignerReference
{
    /// <summary>The subject country code (C) of <paramref name="certificate"/>, or null when it has none.</summary>
    public static string? Country(X509CertificateParts certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        foreach (var rdn in new X500DistinguishedName(certificate.Subject.Span).EnumerateRelativeDistinguishedNames())
        {
            if (rdn.GetSingleElementType().Value == "2.5.4.6")
            {
                return rdn.GetSingleElementValue();
            }
        }

        return null;
    }

    /// <summary>The certificate reference a seal signed by <paramref name="certificate"/> carries: its serial number in upper-case hex, without leading zeros.</summary>
    public static string CertificateReference(X509CertificateParts certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var serial = certificate.SerialNumberHex.TrimStart('0').ToUpperInvariant();
        return serial.Length == 0 ? "0" : serial;
    }

    /// <summary>True when <paramref name="header"/> names <paramref name="certificate"/> as its signer.</summary>
    public static bool Matches(VdsHeader header, X509CertificateParts certificate)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(certificate);
        var serial = certificate.SerialNumberHex.TrimStart('0');
        var reference = header.CertificateReference.TrimStart('0');
        return string.Equals(serial, reference, StringComparison.OrdinalIgnoreCase)
            && header.SignerIdentifier.Length >= 2
            && string.Equals(Country(certificate), header.SignerIdentifier[..2], StringComparison.Ordinal);
    }
}
