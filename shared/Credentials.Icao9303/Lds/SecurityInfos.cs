using System.Formats.Asn1;
using Credentials.Icao9303.Asn1;

namespace Credentials.Icao9303.Lds;

/// <summary>
/// <c>SecurityInfos ::= SET OF SecurityInfo</c> (Doc 9303 Part 11 section 9.2), the content of DG14, EF.CardAccess
/// and EF.CardSecurity.
/// </summary>
public sealed class SecurityInfos
{
    /// <summary>Protocol OID of Active Authentication (id-icao-mrtd-security-aaProtocolObject).</summary>
    public const string ActiveAuthenticationProtocol = "2.23.136.1.1.5";

    private const string Bsi = "0.4.0.127.0.7.2.2.";
    private const int MaxInfos = 64;

    /// <summary>Creates the set.</summary>
    public SecurityInfos(IEnumerable<SecurityInfo> infos)
    {
        ArgumentNullException.ThrowIfNull(infos);
        Infos = infos.ToList();
    }

    /// <summary>The SecurityInfo entries.</summary>
    public IReadOnlyList<SecurityInfo> Infos { get; }

    /// <summary>The ActiveAuthenticationInfo, if present.</summary>
    public SecurityInfo? ActiveAuthentication => Infos.FirstOrDefault(i => i.Kind == SecurityInfoKind.ActiveAuthentication);

    /// <summary>Decodes a DER/BER SET OF SecurityInfo.</summary>
    /// <exception cref="Icao9303FormatException">Reason <c>lds.security-infos</c>.</exception>
    public static SecurityInfos Decode(ReadOnlyMemory<byte> encoded)
    {
        const string reason = "lds.security-infos";
        var reader = Asn1Decoding.ReadSingle(encoded, AsnEncodingRules.BER, reason, "SecurityInfos");
        return Asn1Decoding.Decode(reason, "SecurityInfos", () => Read(reader));
    }

    /// <summary>DER encoding (SET OF sorted as DER requires).</summary>
    public byte[] Encode()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        Write(writer);
        return writer.Encode();
    }

    internal static SecurityInfos Read(AsnReader reader)
    {
        const string reason = "lds.security-infos";
        var set = reader.ReadSetOf(skipSortOrderValidation: true);
        var infos = new List<SecurityInfo>();
        while (set.HasData)
        {
            if (infos.Count >= MaxInfos)
            {
                throw new Icao9303FormatException(reason, $"More than {MaxInfos} SecurityInfo entries.");
            }

            var seq = set.ReadSequence();
            var protocol = seq.ReadObjectIdentifier();
            var required = seq.ReadEncodedValue();
            ReadOnlyMemory<byte>? optional = seq.HasData ? seq.ReadEncodedValue() : (ReadOnlyMemory<byte>?)null;
            Asn1Decoding.EnsureEnd(seq, reason, "SecurityInfo");
            infos.Add(Interpret(protocol, required, optional));
        }

        if (infos.Count == 0)
        {
            throw new Icao9303FormatException(reason, "SecurityInfos is empty.");
        }

        return new SecurityInfos(infos);
    }

    internal void Write(AsnWriter writer)
    {
        using (writer.PushSetOf())
        {
            foreach (var info in Infos)
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(info.Protocol);
                    writer.WriteEncodedValue(info.RequiredData.Span);
                    if (info.OptionalData is { } optional)
                    {
                        writer.WriteEncodedValue(optional.Span);
                    }
                }
            }
        }
    }

    /// <summary>Builds an ActiveAuthenticationInfo (version 1, signature algorithm OID for ECDSA keys).</summary>
    public static SecurityInfo CreateActiveAuthenticationInfo(string? signatureAlgorithmOid) =>
        Interpret(ActiveAuthenticationProtocol, Integer(1), signatureAlgorithmOid is null ? null : Oid(signatureAlgorithmOid));

    /// <summary>Builds a ChipAuthenticationInfo.</summary>
    public static SecurityInfo CreateChipAuthenticationInfo(string protocol, int version, int? keyId = null) =>
        Interpret(protocol, Integer(version), keyId is null ? null : Integer(keyId.Value));

    /// <summary>Builds a ChipAuthenticationPublicKeyInfo from a SubjectPublicKeyInfo.</summary>
    public static SecurityInfo CreateChipAuthenticationPublicKeyInfo(string protocol, ReadOnlyMemory<byte> subjectPublicKeyInfo, int? keyId = null) =>
        Interpret(protocol, subjectPublicKeyInfo, keyId is null ? null : Integer(keyId.Value));

    /// <summary>Builds a PACEInfo with a standardized domain parameter id.</summary>
    public static SecurityInfo CreatePaceInfo(string protocol, int version, int? parameterId) =>
        Interpret(protocol, Integer(version), parameterId is null ? null : Integer(parameterId.Value));

    private static SecurityInfo Interpret(string protocol, ReadOnlyMemory<byte> required, ReadOnlyMemory<byte>? optional)
    {
        var kind = KindOf(protocol);
        int? version = null;
        int? id = null;
        string? signatureAlgorithm = null;
        ReadOnlyMemory<byte>? key = null;
        switch (kind)
        {
            case SecurityInfoKind.ActiveAuthentication:
                version = ReadInt(required);
                signatureAlgorithm = optional is { } o ? new AsnReader(o, AsnEncodingRules.BER).ReadObjectIdentifier() : null;
                break;
            case SecurityInfoKind.ChipAuthentication:
            case SecurityInfoKind.Pace:
                version = ReadInt(required);
                id = optional is { } p ? ReadInt(p) : null;
                break;
            case SecurityInfoKind.TerminalAuthentication:
                version = ReadInt(required);
                break;
            case SecurityInfoKind.ChipAuthenticationPublicKey:
            case SecurityInfoKind.PaceDomainParameter:
                key = required;
                id = optional is { } k && new AsnReader(k, AsnEncodingRules.BER).PeekTag().HasSameClassAndValue(Asn1Tag.Integer) ? ReadInt(k) : null;
                break;
        }

        return new SecurityInfo
        {
            Protocol = protocol,
            Kind = kind,
            RequiredData = required,
            OptionalData = optional,
            Version = version,
            ParameterOrKeyId = id,
            SignatureAlgorithm = signatureAlgorithm,
            PublicKeyOrParameters = key,
        };
    }

    private static SecurityInfoKind KindOf(string protocol)
    {
        if (protocol == ActiveAuthenticationProtocol)
        {
            return SecurityInfoKind.ActiveAuthentication;
        }

        if (!protocol.StartsWith(Bsi, StringComparison.Ordinal))
        {
            return SecurityInfoKind.Other;
        }

        var arcs = protocol[Bsi.Length..].Split('.');
        return arcs switch
        {
            ["1", _] => SecurityInfoKind.ChipAuthenticationPublicKey,
            ["2"] => SecurityInfoKind.TerminalAuthentication,
            ["3", _, _] => SecurityInfoKind.ChipAuthentication,
            ["4", _, _] => SecurityInfoKind.Pace,
            ["4", _] => SecurityInfoKind.PaceDomainParameter,
            _ => SecurityInfoKind.Other,
        };
    }

    private static int ReadInt(ReadOnlyMemory<byte> encoded)
    {
        var reader = new AsnReader(encoded, AsnEncodingRules.BER);
        if (!reader.TryReadInt32(out var value) || reader.HasData)
        {
            throw new Icao9303FormatException("lds.security-infos", "SecurityInfo integer is out of range.");
        }

        return value;
    }

    private static byte[] Integer(int value)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteInteger(value);
        return writer.Encode();
    }

    private static byte[] Oid(string oid)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteObjectIdentifier(oid);
        return writer.Encode();
    }
}
