namespace Credentials.Icao9303.Vds;

/// <summary>
/// One feature of the VDS message zone (Doc 9303 Part 13 §2.3): <c>tag (1 byte, 0x01..0xFE) ‖ length (BER, 1-3 bytes) ‖ value</c>.
/// What a tag means and how its value is coded (C40, binary, UTF-8) is set by the document profile
/// (<see cref="VdsDocumentProfile"/>).
/// </summary>
/// <param name="Tag">Feature tag; 0xFF is reserved for the signature marker and 0x00 is not used.</param>
/// <param name="Value">Feature value.</param>
public sealed record VdsFeature(byte Tag, ReadOnlyMemory<byte> Value)
{
    /// <summary>A feature holding the C40 encoding of <paramref name="text"/>.</summary>
    public static VdsFeature FromC40(byte tag, string text) => new(tag, C40.Encode(text));

    /// <summary>The value decoded as C40 (MRZ filler '&lt;' restored).</summary>
    /// <exception cref="Icao9303FormatException">Not valid C40 (reason <c>vds.c40-invalid</c>).</exception>
    public string ValueAsC40() => C40.Decode(Value.Span);
}
