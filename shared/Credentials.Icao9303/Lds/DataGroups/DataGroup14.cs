using Credentials.Icao9303.Asn1;

namespace Credentials.Icao9303.Lds.DataGroups;

/// <summary>
/// DG14, security options (Doc 9303 Part 10 section 4.7.14): <c>6E L { SecurityInfos }</c> carrying Chip
/// Authentication, PACE and Active Authentication infos.
/// </summary>
public sealed class DataGroup14
{
    /// <summary>Creates DG14.</summary>
    public DataGroup14(SecurityInfos securityInfos)
    {
        ArgumentNullException.ThrowIfNull(securityInfos);
        SecurityInfos = securityInfos;
    }

    /// <summary>The SecurityInfos.</summary>
    public SecurityInfos SecurityInfos { get; }

    /// <summary>Decodes DG14.</summary>
    /// <exception cref="Icao9303FormatException">Reasons <c>lds.dg14</c>, <c>lds.security-infos</c>.</exception>
    public static DataGroup14 Decode(ReadOnlyMemory<byte> file)
    {
        var template = LdsFile.Open(file, LdsFile.DataGroupTag(14), "lds.dg14", "DG14");
        return Asn1Decoding.Decode("lds.security-infos", "DG14", () =>
        {
            var infos = SecurityInfos.Read(template);
            Asn1Decoding.EnsureEnd(template, "lds.dg14", "DG14");
            return new DataGroup14(infos);
        });
    }

    /// <summary>DER encoding.</summary>
    public byte[] Encode() => LdsFile.Wrap(LdsFile.DataGroupTag(14), SecurityInfos.Write);
}
