using System.Formats.Asn1;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Vds;

/// <summary>
/// Whether a certificate may sign seals (a Barcode Signer). This is the seam where the repository's single certificate
/// role rule (issue 14, <c>X509/</c>) plugs in; until it lands the rule here is: an end-entity certificate (no CA basic
/// constraint, KeyUsage — when present — with digitalSignature) whose Extended Key Usage lists the VDS signer purpose
/// 2.23.136.1.1.14.2, as carried (critical) by the Australian VDS-NC Barcode Signer certificate (ICAO TR VDS-NC §4).
/// A Document Signer (no such EKU) or a CSCA (a CA) is refused.
/// </summary>
public static class SealSignerRole
{
    /// <summary>The Extended Key Usage purpose of a Barcode (seal) Signer: id-icao-mrtd-security 14.2.</summary>
    public const string ExtendedKeyUsageOid = "2.23.136.1.1.14.2";

    private const string ExtendedKeyUsageExtension = "2.5.29.37";
    // X509CertificateParts.KeyUsage holds the first two bytes of the bit string; digitalSignature is bit 0 (RFC 5280 §4.2.1.3).
    private const int DigitalSignatureBit = 0x8000;

    /// <summary>Checks the role; returns (true, "role.seal-signer", …) or (false, reason, detail).</summary>
    public static (bool Allowed, string Reason, string Detail) Check(X509CertificateParts certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.IsCertificateAuthority)
        {
            return (false, "role.ca-not-seal-signer", "The signer certificate is a CA certificate (a CSCA may not sign seals).");
        }

        if (certificate.KeyUsage is { } usage && (usage & DigitalSignatureBit) == 0)
        {
            return (false, "role.key-usage", "The signer certificate's KeyUsage lacks digitalSignature.");
        }

        foreach (var (oid, _, value) in certificate.Extensions)
        {
            if (oid != ExtendedKeyUsageExtension)
            {
                continue;
            }

            try
            {
                var reader = new AsnReader(value, AsnEncodingRules.DER);
                var purposes = reader.ReadSequence();
                while (purposes.HasData)
                {
                    if (purposes.ReadObjectIdentifier() == ExtendedKeyUsageOid)
                    {
                        return (true, "role.seal-signer", $"Extended Key Usage lists the seal signer purpose {ExtendedKeyUsageOid}.");
                    }
                }
            }
            catch (AsnContentException)
            {
                return (false, "role.eku-malformed", "The Extended Key Usage extension is malformed.");
            }

            return (false, "role.not-seal-signer", $"The Extended Key Usage does not list the seal signer purpose {ExtendedKeyUsageOid}.");
        }

        return (false, "role.not-seal-signer", $"The certificate has no Extended Key Usage {ExtendedKeyUsageOid}: it is not a seal signer (a Document Signer may not sign seals).");
    }
}
