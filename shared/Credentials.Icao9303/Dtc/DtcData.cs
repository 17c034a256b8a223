using System.Formats.Asn1;
using Credentials.Icao9303.Asn1;

namespace Credentials.Icao9303.Dtc;

/// <summary>
/// The data of a DTC virtual component (ICAO TR "Digital Travel Credentials — Virtual Component Data Structure and PKI
/// Mechanisms" v1.2):
/// <code>
/// DTCData ::= SEQUENCE {
///     dtcSOD  [0] IMPLICIT OCTET STRING OPTIONAL,   -- the eMRTD's EF.SOD; present when eMRTD bound
///     dtcDG1  [1] IMPLICIT OCTET STRING,
///     dtcDG2  [2] IMPLICIT OCTET STRING,
///     dtcDG3  [3] IMPLICIT OCTET STRING OPTIONAL,
///     ...
///     dtcDG16 [16] IMPLICIT OCTET STRING OPTIONAL,
///     ...,
///     dtcSecurityInfo [22] EXPLICIT DTCSecurityInfo OPTIONAL,
///     dtcOtherInfos   [23] EXPLICIT DTCOtherInfos OPTIONAL }
/// </code>
/// Each data group is held as the complete LDS file as read from the chip (DG1 starts with tag 0x61), so the hashes in
/// the embedded SOD (Doc 9303 Part 10 §4.6.2) cover exactly these bytes. The inner values of dtcSecurityInfo and
/// dtcOtherInfos are kept as their DER encodings (the TR's definitions of those types were not available here; see
/// docs/dtc.md); unknown context-specific elements in the extension positions (tags 17–21 and above 23) are kept in
/// <see cref="Extensions"/> and re-encoded unchanged, as the extension marker requires.
/// </summary>
public sealed class DtcData
{
    /// <summary>Context tag number of dtcSecurityInfo.</summary>
    public const int SecurityInfoTag = 22;

    /// <summary>Context tag number of dtcOtherInfos.</summary>
    public const int OtherInfosTag = 23;

    /// <summary>Highest context tag number this decoder accepts in an extension position (bounds the tag space).</summary>
    public const int MaxExtensionTag = 63;

    private readonly SortedDictionary<int, byte[]> _dataGroups;

    /// <summary>Creates DTCData. DG1 and DG2 are mandatory; numbers must be 1..16.</summary>
    /// <exception cref="ArgumentException">DG1 or DG2 missing, a number outside 1..16, or an extension tag out of place.</exception>
    public DtcData(
        byte[]? securityObject,
        IReadOnlyDictionary<int, byte[]> dataGroups,
        byte[]? securityInfo = null,
        byte[]? otherInfos = null,
        IReadOnlyList<DtcExtension>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(dataGroups);
        _dataGroups = new SortedDictionary<int, byte[]>();
        foreach (var (number, content) in dataGroups)
        {
            ArgumentNullException.ThrowIfNull(content);
            if (number is < 1 or > 16)
            {
                throw new ArgumentException($"Data group number {number} is outside 1..16.", nameof(dataGroups));
            }

            _dataGroups[number] = content.ToArray();
        }

        if (!_dataGroups.ContainsKey(1) || !_dataGroups.ContainsKey(2))
        {
            throw new ArgumentException("dtcDG1 and dtcDG2 are mandatory.", nameof(dataGroups));
        }

        SecurityObject = securityObject?.ToArray();
        SecurityInfo = securityInfo?.ToArray();
        OtherInfos = otherInfos?.ToArray();
        if (SecurityObject is { Length: 0 } || SecurityInfo is { Length: 0 } || OtherInfos is { Length: 0 })
        {
            throw new ArgumentException("dtcSOD, dtcSecurityInfo and dtcOtherInfos must be absent (null) or non-empty.");
        }
        var sortedExtensions = (extensions ?? []).OrderBy(e => e.TagNumber).ToArray();
        for (var i = 0; i < sortedExtensions.Length; i++)
        {
            if (!DtcExtension.IsExtensionTag(sortedExtensions[i].TagNumber) || (i > 0 && sortedExtensions[i - 1].TagNumber == sortedExtensions[i].TagNumber))
            {
                throw new ArgumentException($"Extension tag [{sortedExtensions[i].TagNumber}] is not a free extension position or appears twice.", nameof(extensions));
            }
        }

        Extensions = sortedExtensions;
    }

    /// <summary>dtcSOD: the eMRTD's EF.SOD (tag 0x77) as read from the chip; null when absent (PC bound).</summary>
    public byte[]? SecurityObject { get; }

    /// <summary>dtcDG1..dtcDG16 by number, ascending; DG1 and DG2 always present.</summary>
    public IReadOnlyDictionary<int, byte[]> DataGroups => _dataGroups;

    /// <summary>DER of the value inside dtcSecurityInfo [22] EXPLICIT; null when absent.</summary>
    public byte[]? SecurityInfo { get; }

    /// <summary>DER of the value inside dtcOtherInfos [23] EXPLICIT; null when absent.</summary>
    public byte[]? OtherInfos { get; }

    /// <summary>Unknown elements in extension positions, by ascending tag number.</summary>
    public IReadOnlyList<DtcExtension> Extensions { get; }

    /// <summary>Writes the DER SEQUENCE (elements in ascending tag order, as DER requires for this SEQUENCE).</summary>
    public void WriteTo(AsnWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.PushSequence();
        if (SecurityObject is not null)
        {
            writer.WriteOctetString(SecurityObject, Context(0));
        }

        foreach (var (number, content) in _dataGroups)
        {
            writer.WriteOctetString(content, Context(number));
        }

        var extensionIndex = 0;
        void ExtensionsBelow(int tag)
        {
            while (extensionIndex < Extensions.Count && Extensions[extensionIndex].TagNumber < tag)
            {
                writer.WriteEncodedValue(Extensions[extensionIndex++].Encoded.Span);
            }
        }

        ExtensionsBelow(SecurityInfoTag);
        if (SecurityInfo is not null)
        {
            WriteExplicit(writer, SecurityInfoTag, SecurityInfo);
        }

        ExtensionsBelow(OtherInfosTag);
        if (OtherInfos is not null)
        {
            WriteExplicit(writer, OtherInfosTag, OtherInfos);
        }

        ExtensionsBelow(int.MaxValue);
        writer.PopSequence();
    }

    /// <summary>DER encoding of DTCData.</summary>
    public byte[] Encode()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        WriteTo(writer);
        return writer.Encode();
    }

    /// <summary>Reads DTCData from <paramref name="reader"/> (strict DER: tags ascending, no duplicates, DG1 and DG2 present).</summary>
    /// <exception cref="Icao9303FormatException">Reasons <c>dtc.data</c>, <c>dtc.data.dg-missing</c>, <c>dtc.data.order</c>, <c>dtc.data.tag</c>.</exception>
    internal static DtcData ReadFrom(AsnReader reader, DtcLimits limits)
    {
        const string Reason = "dtc.data";
        var sequence = reader.ReadSequence();
        byte[]? sod = null;
        byte[]? securityInfo = null;
        byte[]? otherInfos = null;
        var dataGroups = new Dictionary<int, byte[]>();
        var extensions = new List<DtcExtension>();
        var previousTag = -1;
        while (sequence.HasData)
        {
            var tag = sequence.PeekTag();
            if (tag.TagClass != TagClass.ContextSpecific)
            {
                throw new Icao9303FormatException(Reason + ".tag", $"DTCData holds an element with tag {tag}, not a context-specific one.");
            }

            if (tag.TagValue <= previousTag)
            {
                throw new Icao9303FormatException(Reason + ".order", $"DTCData element [{tag.TagValue}] follows [{previousTag}]; elements must appear once, in ascending tag order.");
            }

            previousTag = tag.TagValue;
            switch (tag.TagValue)
            {
                case 0:
                    sod = ReadBoundedOctetString(sequence, tag, limits.MaxSecurityObjectBytes, "dtcSOD");
                    break;
                case >= 1 and <= 16:
                    dataGroups[tag.TagValue] = ReadBoundedOctetString(sequence, tag, limits.MaxDataGroupBytes, $"dtcDG{tag.TagValue}");
                    break;
                case SecurityInfoTag:
                    securityInfo = ReadExplicit(sequence, tag, "dtcSecurityInfo");
                    break;
                case OtherInfosTag:
                    otherInfos = ReadExplicit(sequence, tag, "dtcOtherInfos");
                    break;
                default:
                    if (!DtcExtension.IsExtensionTag(tag.TagValue))
                    {
                        throw new Icao9303FormatException(Reason + ".tag", $"DTCData element [{tag.TagValue}] is outside the accepted tag range.");
                    }

                    extensions.Add(new DtcExtension(tag.TagValue, sequence.ReadEncodedValue().ToArray()));
                    break;
            }
        }

        if (!dataGroups.ContainsKey(1) || !dataGroups.ContainsKey(2))
        {
            throw new Icao9303FormatException(Reason + ".dg-missing", "DTCData lacks dtcDG1 or dtcDG2 (both are mandatory).");
        }

        return new DtcData(sod, dataGroups, securityInfo, otherInfos, extensions);
    }

    private static byte[] ReadBoundedOctetString(AsnReader reader, Asn1Tag tag, int maxLength, string what)
    {
        if (tag.IsConstructed)
        {
            throw new Icao9303FormatException("dtc.data.tag", $"{what} is constructed; DER requires a primitive OCTET STRING.");
        }

        var value = reader.ReadOctetString(tag);
        if (value.Length == 0)
        {
            throw new Icao9303FormatException("dtc.data.empty", $"{what} is empty.");
        }

        if (value.Length > maxLength)
        {
            throw new Icao9303FormatException("dtc.data.too-large", $"{what} is {value.Length} bytes, above the limit of {maxLength}.");
        }

        return value;
    }

    private static byte[] ReadExplicit(AsnReader reader, Asn1Tag tag, string what)
    {
        if (!tag.IsConstructed)
        {
            throw new Icao9303FormatException("dtc.data.tag", $"{what} is EXPLICIT and must be constructed.");
        }

        var inner = reader.ReadSequence(tag);
        var value = inner.ReadEncodedValue().ToArray();
        Asn1Decoding.EnsureEnd(inner, "dtc.data.explicit", what);
        return value;
    }

    private static void WriteExplicit(AsnWriter writer, int tagNumber, byte[] encodedValue)
    {
        var tag = new Asn1Tag(TagClass.ContextSpecific, tagNumber, isConstructed: true);
        writer.PushSequence(tag);
        writer.WriteEncodedValue(encodedValue);
        writer.PopSequence(tag);
    }

    private static Asn1Tag Context(int number) => new(TagClass.ContextSpecific, number);
}
