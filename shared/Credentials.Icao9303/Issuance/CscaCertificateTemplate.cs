using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Credentials.Icao9303.Issuance;

/// <summary>
/// What a CSCA certificate (self-signed or link) says besides its key: the subject name parts, the validity and the
/// private key usage period (Doc 9303 Part 12 §7.1.1 Table 6; the subject of a CSCA carries countryName and
/// usually organizationName, commonName and a serialNumber that tells key generations apart).
/// </summary>
public sealed record CscaCertificateTemplate
{
    /// <summary>countryName: ISO 3166-1 alpha-2, upper case (Part 12 §7.1.1: the issuing State's code).</summary>
    public required string Country { get; init; }

    /// <summary>organizationName.</summary>
    public required string Organization { get; init; }

    /// <summary>organizationalUnitName; optional.</summary>
    public string? OrganizationalUnit { get; init; }

    /// <summary>commonName.</summary>
    public required string CommonName { get; init; }

    /// <summary>serialNumber name attribute (2.5.4.5); optional.</summary>
    public string? SubjectSerialNumber { get; init; }

    /// <summary>Start of the certificate validity.</summary>
    public required DateTimeOffset NotBefore { get; init; }

    /// <summary>End of the certificate validity.</summary>
    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>Start of the private key usage period.</summary>
    public required DateTimeOffset PrivateKeyUsageNotBefore { get; init; }

    /// <summary>End of the private key usage period (Part 12 §5: the CSCA key signs for a shorter time than the certificate lives).</summary>
    public required DateTimeOffset PrivateKeyUsageNotAfter { get; init; }

    /// <summary>CRL distribution point URIs; empty for none.</summary>
    public IReadOnlyList<string> CrlDistributionPoints { get; init; } = [];

    /// <summary>
    /// The subject: C, O, OU, CN, serialNumber in that order (most significant first). countryName and serialNumber
    /// are PrintableString as X.520 requires; the other attributes are UTF8String (RFC 5280 §4.1.2.6).
    /// </summary>
    public X500DistinguishedName BuildSubjectName()
    {
        // X500DistinguishedNameBuilder encodes the RDNs in reverse order of addition: add the least significant first.
        var builder = new X500DistinguishedNameBuilder();
        if (!string.IsNullOrEmpty(SubjectSerialNumber))
        {
            builder.Add("2.5.4.5", SubjectSerialNumber, UniversalTagNumber.PrintableString);
        }

        builder.AddCommonName(CommonName);
        if (!string.IsNullOrEmpty(OrganizationalUnit))
        {
            builder.AddOrganizationalUnitName(OrganizationalUnit);
        }

        builder.AddOrganizationName(Organization);
        builder.AddCountryOrRegion(Country);
        return builder.Build();
    }

    /// <summary>Checks the template against Part 12 and RFC 5280.</summary>
    /// <exception cref="IssuanceRejectedException">A name part or a period is not acceptable.</exception>
    public void Validate()
    {
        if (Country is not { Length: 2 } || !Country.All(char.IsAsciiLetterUpper))
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.FieldInvalid, "country must be two upper-case letters (ISO 3166-1 alpha-2).");
        }

        if (string.IsNullOrWhiteSpace(Organization) || string.IsNullOrWhiteSpace(CommonName))
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.FieldInvalid, "organization and common name are required.");
        }

        if (!string.IsNullOrEmpty(SubjectSerialNumber) && !SubjectSerialNumber.All(IsPrintable))
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.FieldInvalid, "subject serialNumber must be a PrintableString.");
        }

        ValidityRules.EnsurePeriods(NotBefore, NotAfter, PrivateKeyUsageNotBefore, PrivateKeyUsageNotAfter);
    }

    internal static bool IsPrintable(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is ' ' or '\'' or '(' or ')' or '+' or ',' or '-' or '.' or '/' or ':' or '=' or '?';
}
