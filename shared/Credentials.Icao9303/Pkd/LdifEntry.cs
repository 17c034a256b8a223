using System.Text;

namespace Credentials.Icao9303.Pkd;

/// <summary>
/// An LDIF content record (RFC 2849 <c>ldif-attrval-record</c>): a distinguished name and its attribute values,
/// in file order. Helpers classify the record by the ICAO PKD download layout (Doc 9303 Part 12 §5 and the
/// ICAO PKD LDIF interface: <c>o=dsc|crl|ml,c=XX,dc=data|nc-data,dc=download,dc=pkd,dc=icao,dc=int</c>).
/// </summary>
public sealed class LdifEntry
{
    /// <summary>DSC / CSCA values: <c>userCertificate;binary</c>.</summary>
    public const string UserCertificateAttribute = "userCertificate;binary";

    /// <summary>CRL values: <c>certificateRevocationList;binary</c>.</summary>
    public const string CrlAttribute = "certificateRevocationList;binary";

    /// <summary>CSCA Master List values (CMS SignedData): <c>pkdMasterListContent</c>.</summary>
    public const string MasterListAttribute = "pkdMasterListContent";

    /// <summary>Deviation List values (CMS SignedData): <c>pkdDeviationListContent</c>.</summary>
    public const string DeviationListAttribute = "pkdDeviationListContent";

    public LdifEntry(string dn, IReadOnlyList<LdifAttribute> attributes, bool dnIsBase64 = false)
    {
        ArgumentNullException.ThrowIfNull(dn);
        ArgumentNullException.ThrowIfNull(attributes);
        Dn = dn;
        Attributes = attributes;
        DnIsBase64 = dnIsBase64;
    }

    /// <summary>The distinguished name, as text.</summary>
    public string Dn { get; }

    /// <summary>True when the DN was (or is to be) written as <c>dn:: base64</c>.</summary>
    public bool DnIsBase64 { get; }

    public IReadOnlyList<LdifAttribute> Attributes { get; }

    /// <summary>The first value of an attribute (name compared case-insensitively, options included), or null.</summary>
    public LdifAttribute? Find(string name)
    {
        foreach (var attribute in Attributes)
        {
            if (string.Equals(attribute.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>What the record carries, by attribute and by the DN branch (<c>dc=nc-data</c> = non-conformant).</summary>
    public PkdEntryKind Kind
    {
        get
        {
            var nonConformant = IsNonConformantBranch;
            if (Find(UserCertificateAttribute) is not null)
            {
                return nonConformant ? PkdEntryKind.NonConformantDsc : PkdEntryKind.Dsc;
            }

            if (Find(CrlAttribute) is not null)
            {
                return PkdEntryKind.Crl;
            }

            if (Find(MasterListAttribute) is not null)
            {
                return PkdEntryKind.MasterList;
            }

            if (Find(DeviationListAttribute) is not null)
            {
                return PkdEntryKind.DeviationList;
            }

            return PkdEntryKind.Other;
        }
    }

    /// <summary>True for entries under <c>dc=nc-data</c> (the PKD's non-conformant DSC branch).</summary>
    public bool IsNonConformantBranch => Dn.Contains("dc=nc-data", StringComparison.OrdinalIgnoreCase);

    /// <summary>The State from the <c>c=XX</c> RDN of the DN, upper-cased, or null.</summary>
    public string? Country
    {
        get
        {
            // The DN's own RDNs are comma-separated; escaped commas ("\,") belong to the cn value.
            foreach (var rdn in SplitDn(Dn))
            {
                if (rdn.Length == 4 && rdn.StartsWith("c=", StringComparison.OrdinalIgnoreCase))
                {
                    return rdn[2..].ToUpperInvariant();
                }
            }

            return null;
        }
    }

    /// <summary>The <c>pkdVersion</c> attribute, or null when absent or not a number.</summary>
    public long? PkdVersion
    {
        get
        {
            var attribute = Find("pkdVersion");
            return attribute is not null && long.TryParse(attribute.Text, System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var version)
                ? version
                : null;
        }
    }

    /// <summary>The binary payload (certificate, CRL or Master List DER), or empty for structural entries.</summary>
    public ReadOnlyMemory<byte> Payload => Kind switch
    {
        PkdEntryKind.Dsc or PkdEntryKind.NonConformantDsc => Find(UserCertificateAttribute)!.Value,
        PkdEntryKind.Crl => Find(CrlAttribute)!.Value,
        PkdEntryKind.MasterList => Find(MasterListAttribute)!.Value,
        PkdEntryKind.DeviationList => Find(DeviationListAttribute)!.Value,
        _ => ReadOnlyMemory<byte>.Empty,
    };

    public override string ToString()
    {
        var builder = new StringBuilder();
        builder.Append("dn: ").Append(Dn).Append(" (").Append(Attributes.Count).Append(" values)");
        return builder.ToString();
    }

    private static IEnumerable<string> SplitDn(string dn)
    {
        var start = 0;
        for (var i = 0; i < dn.Length; i++)
        {
            if (dn[i] == '\\')
            {
                i++;
                continue;
            }

            if (dn[i] == ',')
            {
                yield return dn[start..i].Trim();
                start = i + 1;
            }
        }

        yield return dn[start..].Trim();
    }
}
