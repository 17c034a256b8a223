using System.Formats.Asn1;
using System.Globalization;
using System.Text;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Pkd;

/// <summary>
/// Builds LDIF records in the ICAO PKD download layout (the layout of the PKD's LDIF files, Doc 9303 Part 12 §5):
/// <c>dc=data,dc=download,dc=pkd,dc=icao,dc=int</c> (or <c>dc=nc-data</c> for non-conformant DSCs), one
/// <c>c=XX</c> per State, <c>o=dsc|crl|ml</c> below it, and per object a record named after the certificate subject
/// (<c>cn=&lt;subject&gt;+sn=&lt;serial&gt;</c> for DSCs, <c>cn=&lt;issuer&gt;</c> for CRLs, <c>cn=&lt;signer&gt;</c>
/// for Master Lists) with <c>pkdVersion</c> and the DER value. Used to export our own trust material; write the
/// records with <see cref="LdifWriter"/>.
/// </summary>
public static class PkdLdifEntries
{
    /// <summary>The PKD download suffix for conformant data.</summary>
    public const string DataSuffix = "dc=data,dc=download,dc=pkd,dc=icao,dc=int";

    /// <summary>The PKD download suffix for the non-conformant branch.</summary>
    public const string NonConformantSuffix = "dc=nc-data,dc=download,dc=pkd,dc=icao,dc=int";

    /// <summary>The structural records a file needs before objects of <paramref name="country"/> in branch <paramref name="organization"/>.</summary>
    public static IReadOnlyList<LdifEntry> Structure(string country, string organization, bool nonConformant = false)
    {
        var suffix = nonConformant ? NonConformantSuffix : DataSuffix;
        var dc = nonConformant ? "nc-data" : "data";
        return
        [
            new LdifEntry(suffix, [Text("objectClass", "top"), Text("objectClass", "domain"), Text("dc", dc)]),
            new LdifEntry($"c={country},{suffix}", [Text("objectClass", "top"), Text("objectClass", "country"), Text("c", country)]),
            new LdifEntry($"o={organization},c={country},{suffix}", [Text("objectClass", "top"), Text("objectClass", "organization"), Text("o", organization)]),
        ];
    }

    /// <summary>A Document Signer certificate record (<c>userCertificate;binary</c>).</summary>
    /// <exception cref="Icao9303FormatException">The certificate is malformed.</exception>
    public static LdifEntry Dsc(ReadOnlyMemory<byte> certificate, long pkdVersion, bool nonConformant = false)
    {
        var parts = X509CertificateParts.Decode(certificate);
        var country = CountryOrThrow(parts.Subject);
        var subject = ToPkdName(parts.Subject);
        var serial = parts.SerialNumberHex;
        var dn = $"cn={EscapeValue(subject)}+sn={serial},o=dsc,c={country},{(nonConformant ? NonConformantSuffix : DataSuffix)}";
        return new LdifEntry(dn,
        [
            Text("pkdVersion", pkdVersion.ToString(CultureInfo.InvariantCulture)),
            LdifAttribute.Create(LdifEntry.UserCertificateAttribute, certificate),
            Text("sn", serial),
            Text("cn", subject),
            Text("objectClass", "inetOrgPerson"),
            Text("objectClass", "pkdDownload"),
            Text("objectClass", "organizationalPerson"),
            Text("objectClass", "top"),
            Text("objectClass", "person"),
        ]);
    }

    /// <summary>A CRL record (<c>certificateRevocationList;binary</c>).</summary>
    /// <exception cref="Icao9303FormatException">The CRL is malformed.</exception>
    public static LdifEntry Crl(ReadOnlyMemory<byte> crl, long pkdVersion)
    {
        var decoded = CertificateRevocationList.Decode(crl);
        var country = CountryOrThrow(decoded.Issuer);
        var issuer = ToPkdName(decoded.Issuer);
        return new LdifEntry($"cn={EscapeValue(issuer)},o=crl,c={country},{DataSuffix}",
        [
            Text("pkdVersion", pkdVersion.ToString(CultureInfo.InvariantCulture)),
            Text("cn", issuer),
            LdifAttribute.Create(LdifEntry.CrlAttribute, crl),
            Text("objectClass", "top"),
            Text("objectClass", "cRLDistributionPoint"),
            Text("objectClass", "pkdDownload"),
        ]);
    }

    /// <summary>A CSCA Master List record (<c>pkdMasterListContent</c>), named after its signer.</summary>
    /// <exception cref="Icao9303FormatException">The Master List or its signer certificate is malformed.</exception>
    public static LdifEntry MasterList(ReadOnlyMemory<byte> masterList, long pkdVersion)
    {
        var cms = Cms.CmsSignedData.Decode(masterList);
        if (cms.SignerInfos.Count == 0 || cms.FindSignerCertificate(cms.SignerInfos[0]) is not { } signer)
        {
            throw new Icao9303FormatException("ml.signer-certificate-not-found", "The Master List does not carry its signer certificate.");
        }

        var country = CountryOrThrow(signer.Subject);
        var name = ToPkdName(signer.Subject);
        return new LdifEntry($"cn={EscapeValue(name)},o=ml,c={country},{DataSuffix}",
        [
            Text("pkdVersion", pkdVersion.ToString(CultureInfo.InvariantCulture)),
            Text("sn", signer.SerialNumberHex),
            Text("cn", name),
            Text("objectClass", "top"),
            Text("objectClass", "person"),
            Text("objectClass", "pkdMasterList"),
            Text("objectClass", "pkdDownload"),
            LdifAttribute.Create(LdifEntry.MasterListAttribute, masterList),
        ]);
    }

    /// <summary>
    /// A DER Name as the PKD writes it in <c>cn</c>: RFC 4514 order (most specific RDN first), comma-separated without
    /// spaces, short names for CN, OU, O, L, ST, C and serialNumber, dotted OIDs otherwise.
    /// </summary>
    public static string ToPkdName(ReadOnlyMemory<byte> name)
    {
        try
        {
            var rdns = new List<string>();
            var sequence = new AsnReader(name, AsnEncodingRules.BER).ReadSequence();
            while (sequence.HasData)
            {
                var set = sequence.ReadSetOf(skipSortOrderValidation: true);
                var parts = new List<string>();
                while (set.HasData)
                {
                    var attribute = set.ReadSequence();
                    var oid = attribute.ReadObjectIdentifier();
                    var tag = attribute.PeekTag();
                    var value = tag.TagClass == TagClass.Universal && IsString((UniversalTagNumber)tag.TagValue)
                        ? attribute.ReadCharacterString((UniversalTagNumber)tag.TagValue)
                        : "#" + Convert.ToHexString(attribute.ReadEncodedValue().Span);
                    parts.Add($"{ShortName(oid)}={EscapeRfc4514(value)}");
                }

                rdns.Add(string.Join('+', parts));
            }

            rdns.Reverse();
            return string.Join(',', rdns);
        }
        catch (AsnContentException ex)
        {
            throw new Icao9303FormatException("x509.name-malformed", "The Name is not valid DER.", ex);
        }
    }

    /// <summary>Escapes a DN string for use as the value of the record's <c>cn=</c> RDN (as the PKD does: <c>\=</c>, <c>\,</c>, <c>\+</c>).</summary>
    public static string EscapeValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            if (c is ',' or '=' or '+' or '"' or '\\' or '<' or '>' or ';')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static string EscapeRfc4514(string value)
    {
        var builder = new StringBuilder(value.Length + 4);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var special = c is ',' or '+' or '"' or '\\' or '<' or '>' or ';' or '='
                || (i == 0 && c is ' ' or '#')
                || (i == value.Length - 1 && c == ' ');
            if (special)
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static bool IsString(UniversalTagNumber tag) => tag is UniversalTagNumber.PrintableString or UniversalTagNumber.UTF8String
        or UniversalTagNumber.IA5String or UniversalTagNumber.T61String or UniversalTagNumber.BMPString or UniversalTagNumber.UniversalString
        or UniversalTagNumber.VisibleString or UniversalTagNumber.NumericString;

    private static string ShortName(string oid) => oid switch
    {
        "2.5.4.3" => "CN",
        "2.5.4.11" => "OU",
        "2.5.4.10" => "O",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.6" => "C",
        "2.5.4.5" => "serialNumber",
        _ => oid,
    };

    private static string CountryOrThrow(ReadOnlyMemory<byte> name) =>
        Names.CountryOf(name) is { Length: 2 } country
            ? country
            : throw new Icao9303FormatException("pkd.no-country", "The name has no two-letter countryName, so the record has no c=XX branch.");

    private static LdifAttribute Text(string name, string value) => LdifAttribute.Create(name, value);
}
