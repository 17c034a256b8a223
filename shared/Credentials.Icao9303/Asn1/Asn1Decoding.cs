using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using Credentials.Icao9303.Crypto;

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

    // Immutable: the DER encodings (tag 06, short length) of the OIDs an EF.SOD's CMS structure carries, with their text.
    private static readonly (byte[] Der, string Oid)[] WellKnownOids = BuildWellKnownOids(
        Oids.SignedData, Oids.Data, Oids.LdsSecurityObject, Oids.LegacyLdsSecurityObject, Oids.SecurityObject, Oids.CscaMasterList, Oids.DeviationList,
        Oids.ContentTypeAttribute, Oids.MessageDigestAttribute, Oids.SigningTimeAttribute,
        Oids.Sha1, Oids.Sha224, Oids.Sha256, Oids.Sha384, Oids.Sha512,
        Oids.RsaEncryption, Oids.Sha1WithRsa, Oids.Sha224WithRsa, Oids.Sha256WithRsa, Oids.Sha384WithRsa, Oids.Sha512WithRsa, Oids.RsassaPss,
        Oids.EcdsaWithSha1, Oids.EcdsaWithSha224, Oids.EcdsaWithSha256, Oids.EcdsaWithSha384, Oids.EcdsaWithSha512,
        Oids.EcdsaPlainSha1, Oids.EcdsaPlainSha224, Oids.EcdsaPlainSha256, Oids.EcdsaPlainSha384, Oids.EcdsaPlainSha512);

    /// <summary>Runs <paramref name="decode"/> and maps every decoder failure to <see cref="Icao9303FormatException"/>.</summary>
    /// <param name="reason">Stable reason code used when the failure is not already an <see cref="Icao9303FormatException"/>.</param>
    /// <param name="what">Human-readable name of the structure being decoded, for the message.</param>
    public static T Decode<T>(string reason, string what, Func<T> decode)
    {
        ArgumentNullException.ThrowIfNull(decode);
        return Decode(reason, what, decode, static d => d());
    }

    /// <summary>
    /// As <see cref="Decode{T}(string, string, Func{T})"/> with the decoder's state passed in, so that a static lambda
    /// needs no closure (hot paths: one EF.SOD decodes several structures per verification).
    /// </summary>
    public static T Decode<TState, T>(string reason, string what, TState state, Func<TState, T> decode)
    {
        ArgumentNullException.ThrowIfNull(decode);
        try
        {
            return decode(state);
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

    /// <summary>
    /// Reads an OBJECT IDENTIFIER as <see cref="AsnReader.ReadObjectIdentifier"/> does; when its encoding is exactly the
    /// DER encoding of one of the OIDs CMS and EF.SOD decoding meets, the shared constant string is returned instead of
    /// a new one (the same text: anything else, including other length forms, is read by the reader).
    /// </summary>
    public static string ReadObjectIdentifier(AsnReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (TryPeekWellKnownOid(reader) is { } known)
        {
            reader.ReadEncodedValue();
            return known;
        }

        // Malformed, other or not an OID at all: the reader decides, with its own exception and message.
        return reader.ReadObjectIdentifier();
    }

    private static string? TryPeekWellKnownOid(AsnReader reader)
    {
        ReadOnlySpan<byte> encoded;
        try
        {
            encoded = reader.PeekEncodedValue().Span;
        }
        catch (AsnContentException)
        {
            return null;
        }

        foreach (var (der, oid) in WellKnownOids)
        {
            if (encoded.SequenceEqual(der))
            {
                return oid;
            }
        }

        return null;
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
        return Decode(reason, what, (data, rules, reason, what), static state =>
        {
            var (data, rules, reason, what) = state;
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

    private static (byte[] Der, string Oid)[] BuildWellKnownOids(params string[] oids)
    {
        var table = new (byte[] Der, string Oid)[oids.Length];
        for (var i = 0; i < oids.Length; i++)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            writer.WriteObjectIdentifier(oids[i]);
            table[i] = (writer.Encode(), oids[i]);
        }

        return table;
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
