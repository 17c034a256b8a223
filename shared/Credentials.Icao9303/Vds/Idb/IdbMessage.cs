namespace Credentials.Icao9303.Vds.Idb;

/// <summary>One message of the IDB message group: a tag (the message type) and its value (ICAO TR "ICAO Datastructure
/// for Barcode" §3.3).</summary>
/// <param name="Tag">Message type, 0x01..0xFE.</param>
/// <param name="Value">The message value as written.</param>
public sealed record IdbMessage(byte Tag, ReadOnlyMemory<byte> Value)
{
    /// <summary>A message whose value is <paramref name="text"/> in C40 (e.g. an MRZ or a CAN).</summary>
    /// <exception cref="Icao9303FormatException">A character outside the C40 basic set.</exception>
    public static IdbMessage FromC40(byte tag, string text) => new(tag, C40.Encode(text));

    /// <summary>The value read as C40 text.</summary>
    /// <exception cref="Icao9303FormatException">The value is not C40.</exception>
    public string ValueAsC40() => C40.Decode(Value.Span);
}
