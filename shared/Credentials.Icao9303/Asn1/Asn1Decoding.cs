using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;

namespace Credentials.Icao9303.Asn1;

/// <summary>
/// Bounded DER/BER reading helpers shared by every Doc 9303 decoder in this library.
/// <para>
/// They wrap <see cref="AsnReader"/> (which never allocates more than the input it was given: every declared length
/// is checked against the remaining bytes before use) and turn every decoding failure into
/// <see cref="Icao9303FormatException"/>, so callers only ever see that one exception type.
/// BER (<see cref="AsnEncodingRules.BER"/>) is used where real chips emit indefinite lengths or constructed strings
/// (EF.SOD, EF.CardSecurity); DER where the specification demands it (signed attributes, certificates).
/// </para>
/// </summary>
internal static class Asn1Decoding
{
    /// <summary>Upper bound for any single object this library decodes (an EF.SOD is a few KiB; a master list a few MiB).</summary>
    public const int MaxObjectLength = 64 * 1024 * 1024;

    /// <summary>Runs <paramref name="decode"/> and maps every decoder failure to <see cref="Icao9303FormatException"/>.</summary>
    /// <param name="reason">Stable reason code used when the failure is not already an <see cref="Icao9303FormatException"/>.</param>
    /// <param name="what">Human-readable name of the structure being decoded, for the message.</param>
    public static T Decode<T>(string reason, string what, Func<T> decode)
    {
        ArgumentNullException.ThrowIfNull(decode);
        try
        {
            return decode();
        }
        catch (Icao9303FormatException)
        {
            throw;
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException or ArgumentException
                                       or OverflowException or InvalidOperationException or FormatException
                                       or IndexOutOfRangeException)
        {
            throw new Icao9303FormatException(reason, $"{what} is not well formed: {ex.Message}", ex);
        }
    }

    /// <summary>Checks the overall input size before anything is parsed.</summary>
    public static void CheckSize(ReadOnlySpan<byte> data, string reason, string what, int maxLength = MaxObjectLength)
    {
        if (data.IsEmpty)
        {
            throw new Icao9303FormatException(reason, $"{what} is empty.");
        }

        if (data.Length > maxLength)
        {
            throw new Icao9303FormatException(reason, $"{what} is {data.Length} bytes, above the limit of {maxLength}.");
        }
    }

    /// <summary>
    /// Reads exactly one ASN.1 value from <paramref name="data"/> and rejects trailing bytes.
    /// Returns a reader positioned on that single value.
    /// </summary>
    public static AsnReader ReadSingle(ReadOnlyMemory<byte> data, AsnEncodingRules rules, string reason, string what)
    {
        CheckSize(data.Span, reason, what);
        return Decode(reason, what, () =>
        {
            var outer = new AsnReader(data, rules);
            var value = outer.ReadEncodedValue();
            if (outer.HasData)
            {
                throw new Icao9303FormatException(reason + ".trailing-data", $"{what} is followed by {data.Length - value.Length} unexpected bytes.");
            }

            return new AsnReader(value, rules);
        });
    }

    /// <summary>
    /// Reads an OCTET STRING without copying when it is primitive (always so in DER): the result is a slice of the
    /// reader's input, so a caller that keeps it must own that input. A constructed BER OCTET STRING is concatenated
    /// into a new array.
    /// </summary>
    public static ReadOnlyMemory<byte> ReadOctetStringValue(AsnReader reader, Asn1Tag? tag = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.TryReadPrimitiveOctetString(out var contents, tag) ? contents : reader.ReadOctetString(tag);
    }

    /// <summary>Throws when a SEQUENCE still holds unread elements (strict decoding).</summary>
    public static void EnsureEnd(AsnReader reader, string reason, string what)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.HasData)
        {
            throw new Icao9303FormatException(reason, $"{what} has unexpected trailing elements.");
        }
    }

    /// <summary>Reads a small non-negative INTEGER (versions, counts) and bounds it.</summary>
    public static int ReadSmallInteger(AsnReader reader, string reason, string what, Asn1Tag? tag = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!reader.TryReadInt32(out var value, tag) || value < 0)
        {
            throw new Icao9303FormatException(reason, $"{what} is not a small non-negative integer.");
        }

        return value;
    }

    /// <summary>Returns the big-endian unsigned magnitude of an INTEGER, without leading zero bytes.</summary>
    public static byte[] TrimInteger(ReadOnlySpan<byte> twosComplement)
    {
        var start = 0;
        while (start < twosComplement.Length - 1 && twosComplement[start] == 0)
        {
            start++;
        }

        return twosComplement[start..].ToArray();
    }

    /// <summary>Formats an INTEGER's content bytes as upper-case hex (serial numbers).</summary>
    public static string IntegerToHex(ReadOnlySpan<byte> twosComplement) => Convert.ToHexString(TrimInteger(twosComplement));

    /// <summary>Converts an INTEGER's content to a <see cref="BigInteger"/>.</summary>
    public static BigInteger ToBigInteger(ReadOnlySpan<byte> twosComplement) => new(twosComplement, isUnsigned: false, isBigEndian: true);

    /// <summary>
    /// Re-encodes a BER value as DER where only the length forms differ (indefinite to definite, constructed strings
    /// to primitive). Used for signed attributes, whose signature is computed over DER. Depth and size are bounded.
    /// </summary>
    public static byte[] NormalizeToDer(ReadOnlyMemory<byte> berValue, string reason)
    {
        return Decode(reason, "BER value", () =>
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            var reader = new AsnReader(berValue, AsnEncodingRules.BER);
            CopyNormalized(reader, writer, 0, reason);
            return writer.Encode();
        });
    }

    private static void CopyNormalized(AsnReader reader, AsnWriter writer, int depth, string reason)
    {
        if (depth > 32)
        {
            throw new Icao9303FormatException(reason, "BER value nests deeper than 32 levels.");
        }

        while (reader.HasData)
        {
            var tag = reader.PeekTag();
            if (!tag.IsConstructed)
            {
                writer.WriteEncodedValue(reader.ReadEncodedValue().Span);
                continue;
            }

            if (tag.TagClass == TagClass.Universal && tag.TagValue == (int)UniversalTagNumber.OctetString)
            {
                writer.WriteOctetString(reader.ReadOctetString());
                continue;
            }

            if (tag.TagClass == TagClass.Universal && tag.TagValue == (int)UniversalTagNumber.SetOf)
            {
                var setContents = reader.ReadSetOf(skipSortOrderValidation: true);
                writer.PushSetOf();
                CopyNormalized(setContents, writer, depth + 1, reason);
                writer.PopSetOf();
                continue;
            }

            var contents = reader.ReadSequence(tag);
            writer.PushSequence(tag);
            CopyNormalized(contents, writer, depth + 1, reason);
            writer.PopSequence(tag);
        }
    }
}
