namespace Credentials.Icao9303.Dtc;

/// <summary>
/// An element of <see cref="DtcData"/> in an extension position (after the <c>...</c> marker: context tags 17–21 and
/// 24–<see cref="DtcData.MaxExtensionTag"/>) that this version does not know. Kept as its complete DER encoding so that
/// re-encoding a decoded DTC yields the same bytes.
/// </summary>
/// <param name="TagNumber">The context-specific tag number.</param>
/// <param name="Encoded">The complete DER element (tag, length, value).</param>
public sealed record DtcExtension(int TagNumber, ReadOnlyMemory<byte> Encoded)
{
    /// <summary>True for tag numbers that are free extension positions of DTCData.</summary>
    public static bool IsExtensionTag(int tagNumber) =>
        tagNumber is (>= 17 and <= 21) or (> DtcData.OtherInfosTag and <= DtcData.MaxExtensionTag);
}
