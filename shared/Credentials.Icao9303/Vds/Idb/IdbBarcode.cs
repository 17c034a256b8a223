// Over ~400 lines on purpose: one spec structure (the IDB barcode, ICAO TR "ICAO Datastructure for Barcode" §2–3),
// its bounded decoder and its encoder belong together, each field beside its check (STYLE.md rule 16).
using System.IO.Compression;
using System.Text;

namespace Credentials.Icao9303.Vds.Idb;

/// <summary>
/// An ICAO Datastructure for Barcode (IDB, ICAO TR "ICAO Datastructure for Barcode", the successor of the VDS for new
/// documents): the text <c>barcode identifier ‖ barcode flag ‖ base32(payload)</c> (§2), where
/// <list type="bullet">
/// <item>the barcode identifier is <c>RDB1</c> (<c>NDB1</c> in drafts, still read and written back);</item>
/// <item>the barcode flag is the character 'A' + flags: +1 signed, +2 payload zlib-compressed (RFC 1950);</item>
/// <item>the payload is base32 (RFC 4648) without padding of
///   <c>header ‖ 0x61 L message group ‖ [0x7E L signer certificate] ‖ [0x7F L signature]</c> (§3): the
///   <see cref="IdbHeader"/>, a message group of TLV <see cref="IdbMessage"/>s, the optional DER signer certificate
///   and, when signed, the plain ECDSA signature r ‖ s over header ‖ message group (§3.5).</item>
/// </list>
/// <para>Decoding is strict and bounded (at most <see cref="MaxEncodedLength"/> characters and
/// <see cref="MaxPayloadLength"/> payload bytes after decompression, minimal lengths, each message type once, nothing
/// after the last zone) and throws only <see cref="Icao9303FormatException"/>; <see cref="Encode"/> reproduces the
/// decoded text exactly (a compressed payload keeps the compressed bytes it was read with).</para>
/// </summary>
public sealed class IdbBarcode
{
    /// <summary>Barcode identifier of the TR.</summary>
    public const string BarcodeIdentifier = "RDB1";

    /// <summary>Barcode identifier of the TR's drafts (tsenger/vdstools and other implementations wrote it).</summary>
    public const string DraftBarcodeIdentifier = "NDB1";

    /// <summary>Largest barcode text accepted, in characters.</summary>
    public const int MaxEncodedLength = 8192;

    /// <summary>Largest payload accepted, in bytes, after decompression (stops decompression bombs).</summary>
    public const int MaxPayloadLength = 8192;

    /// <summary>Tag of the message group.</summary>
    public const byte MessageGroupTag = 0x61;

    /// <summary>Tag of the signer certificate.</summary>
    public const byte SignerCertificateTag = 0x7E;

    /// <summary>Tag of the signature.</summary>
    public const byte SignatureTag = 0x7F;

    private const char FlagBase = 'A';
    private const int SignedFlag = 1;
    private const int CompressedFlag = 2;

    private readonly byte[] _transported;

    private IdbBarcode(string identifier, bool compressed, byte[] payload, byte[] transported, IdbHeader header, IReadOnlyList<IdbMessage> messages,
        ReadOnlyMemory<byte> signerCertificate, ReadOnlyMemory<byte> signature, ReadOnlyMemory<byte> signedData)
    {
        Identifier = identifier;
        IsCompressed = compressed;
        Payload = payload;
        _transported = transported;
        Header = header;
        Messages = messages;
        SignerCertificate = signerCertificate;
        Signature = signature;
        SignedData = signedData;
    }

    /// <summary>The barcode identifier as read: <see cref="BarcodeIdentifier"/> or <see cref="DraftBarcodeIdentifier"/>.</summary>
    public string Identifier { get; }

    /// <summary>Whether the barcode flag marks a signed barcode.</summary>
    public bool IsSigned => Header.IsSigned;

    /// <summary>Whether the payload is zlib-compressed in the barcode.</summary>
    public bool IsCompressed { get; }

    /// <summary>The payload (decompressed).</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The header.</summary>
    public IdbHeader Header { get; }

    /// <summary>The messages of the message group, in the order written.</summary>
    public IReadOnlyList<IdbMessage> Messages { get; }

    /// <summary>The embedded signer certificate (DER); empty when absent.</summary>
    public ReadOnlyMemory<byte> SignerCertificate { get; }

    /// <summary>Plain ECDSA signature r ‖ s; empty when unsigned.</summary>
    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>The bytes the signature covers: header ‖ message group (tag and length included).</summary>
    public ReadOnlyMemory<byte> SignedData { get; }

    /// <summary>The message with <paramref name="tag"/>, if present.</summary>
    public IdbMessage? Find(byte tag) => Messages.FirstOrDefault(m => m.Tag == tag);

    /// <summary>Whether <paramref name="seal"/> starts (after white space) with an IDB barcode identifier.</summary>
    public static bool HasBarcodeIdentifier(ReadOnlySpan<byte> seal)
    {
        var trimmed = seal.TrimStart(" \t\r\n"u8);
        return trimmed.StartsWith("RDB1"u8) || trimmed.StartsWith("NDB1"u8);
    }

    /// <summary>The signed data (header ‖ message group) of a barcode to be signed.</summary>
    /// <exception cref="Icao9303FormatException">The header or a message does not fit.</exception>
    public static byte[] EncodeSignedData(IdbHeader header, IReadOnlyList<IdbMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            throw new Icao9303FormatException("idb.message-empty", "The message group has no message.");
        }

        var seen = new HashSet<byte>();
        var groupLength = 0;
        foreach (var message in messages)
        {
            ValidateTag(message.Tag);
            if (!seen.Add(message.Tag))
            {
                throw new Icao9303FormatException("idb.message-duplicate", $"Message type 0x{message.Tag:X2} appears twice.");
            }

            groupLength += 1 + LengthOfLength(message.Value.Length) + message.Value.Length;
        }

        var headerBytes = header.Encode();
        var output = new byte[headerBytes.Length + 1 + LengthOfLength(groupLength) + groupLength];
        headerBytes.CopyTo(output, 0);
        var o = headerBytes.Length;
        o = WriteTlvHeader(output, o, MessageGroupTag, groupLength);
        foreach (var message in messages)
        {
            o = WriteTlvHeader(output, o, message.Tag, message.Value.Length);
            message.Value.Span.CopyTo(output.AsSpan(o));
            o += message.Value.Length;
        }

        return output;
    }

    /// <summary>
    /// Assembles a barcode from its signed data (<see cref="EncodeSignedData"/>), the plain ECDSA signature over it
    /// (empty for an unsigned header) and an optional DER signer certificate to embed.
    /// </summary>
    /// <exception cref="Icao9303FormatException">The result is not a well-formed IDB.</exception>
    public static IdbBarcode Create(ReadOnlySpan<byte> signedData, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> signerCertificate = default, bool compress = false, string identifier = BarcodeIdentifier)
    {
        if (identifier is not (BarcodeIdentifier or DraftBarcodeIdentifier))
        {
            throw new Icao9303FormatException("idb.identifier-invalid", $"The barcode identifier is {BarcodeIdentifier} (or {DraftBarcodeIdentifier}).");
        }

        var signed = !signature.IsEmpty;
        var payload = new byte[signedData.Length
            + (signerCertificate.IsEmpty ? 0 : 1 + LengthOfLength(signerCertificate.Length) + signerCertificate.Length)
            + (signed ? 1 + LengthOfLength(signature.Length) + signature.Length : 0)];
        signedData.CopyTo(payload);
        var o = signedData.Length;
        if (!signerCertificate.IsEmpty)
        {
            o = WriteTlvHeader(payload, o, SignerCertificateTag, signerCertificate.Length);
            signerCertificate.CopyTo(payload.AsSpan(o));
            o += signerCertificate.Length;
        }

        if (signed)
        {
            o = WriteTlvHeader(payload, o, SignatureTag, signature.Length);
            signature.CopyTo(payload.AsSpan(o));
        }

        var text = new StringBuilder(identifier)
            .Append((char)(FlagBase + (signed ? SignedFlag : 0) + (compress ? CompressedFlag : 0)))
            .Append(IdbBase32.Encode(compress ? Compress(payload) : payload));
        return Decode(text.ToString());
    }

    /// <summary>Decodes a barcode from its text as ASCII bytes (as a barcode reader returns it).</summary>
    /// <exception cref="Icao9303FormatException">The only exception for malformed input (reasons as in <see cref="Decode(string)"/>).</exception>
    public static IdbBarcode Decode(ReadOnlySpan<byte> ascii)
    {
        if (ascii.Length > MaxEncodedLength + 64)
        {
            throw new Icao9303FormatException("idb.too-large", $"The barcode has {ascii.Length} characters; at most {MaxEncodedLength} are accepted.");
        }

        return Decode(Encoding.Latin1.GetString(ascii));
    }

    /// <summary>Decodes a barcode from its text (white space around it is ignored).</summary>
    /// <exception cref="Icao9303FormatException">The only exception for malformed input; reasons <c>idb.too-large</c>,
    /// <c>idb.identifier-invalid</c>, <c>idb.flag-invalid</c>, <c>idb.base32-invalid</c>, <c>idb.compression-invalid</c>,
    /// <c>idb.truncated</c>, <c>idb.header-invalid</c>, <c>idb.signature-algorithm-unknown</c>, <c>idb.date-invalid</c>,
    /// <c>vds.c40-invalid</c>, <c>idb.length-invalid</c>, <c>idb.message-group-missing</c>, <c>idb.message-empty</c>,
    /// <c>idb.message-tag-invalid</c>, <c>idb.message-duplicate</c>, <c>idb.signer-certificate-invalid</c>,
    /// <c>idb.signature-missing</c>, <c>idb.signature-unexpected</c>, <c>idb.signature-invalid</c>, <c>idb.trailing-data</c>.</exception>
    public static IdbBarcode Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim(' ', '\t', '\r', '\n');
        if (text.Length > MaxEncodedLength)
        {
            throw new Icao9303FormatException("idb.too-large", $"The barcode has {text.Length} characters; at most {MaxEncodedLength} are accepted.");
        }

        if (text.Length < 5)
        {
            throw new Icao9303FormatException("idb.truncated", "The barcode ends before its flag.");
        }

        var identifier = text[..4];
        if (identifier is not (BarcodeIdentifier or DraftBarcodeIdentifier))
        {
            throw new Icao9303FormatException("idb.identifier-invalid", $"The barcode identifier is {BarcodeIdentifier} (or {DraftBarcodeIdentifier}).");
        }

        var flag = text[4] - FlagBase;
        if (flag is < 0 or > (SignedFlag | CompressedFlag))
        {
            throw new Icao9303FormatException("idb.flag-invalid", $"Barcode flag '{text[4]}' is not one of A, B, C, D.");
        }

        var signed = (flag & SignedFlag) != 0;
        var compressed = (flag & CompressedFlag) != 0;
        var transported = IdbBase32.Decode(text.AsSpan(5));
        var payload = compressed ? Decompress(transported) : transported;
        if (payload.Length > MaxPayloadLength)
        {
            throw new Icao9303FormatException("idb.too-large", $"The payload has {payload.Length} bytes; at most {MaxPayloadLength} are accepted.");
        }

        return Parse(identifier, compressed, payload, transported, signed);
    }

    /// <summary>Encodes the barcode text (identical to the decoded text).</summary>
    public string Encode() => new StringBuilder(Identifier)
        .Append((char)(FlagBase + (IsSigned ? SignedFlag : 0) + (IsCompressed ? CompressedFlag : 0)))
        .Append(IdbBase32.Encode(_transported))
        .ToString();

    /// <summary>The barcode text as ASCII bytes (what a barcode holds).</summary>
    public byte[] EncodeBytes() => Encoding.ASCII.GetBytes(Encode());

    /// <summary>The payload assembled from the decoded parts (equal to <see cref="Payload"/>).</summary>
    public byte[] EncodePayload()
    {
        var signedData = EncodeSignedData(Header, Messages);
        var certificate = SignerCertificate.Span;
        var output = new byte[signedData.Length
            + (certificate.IsEmpty ? 0 : 1 + LengthOfLength(certificate.Length) + certificate.Length)
            + (Signature.IsEmpty ? 0 : 1 + LengthOfLength(Signature.Length) + Signature.Length)];
        signedData.CopyTo(output, 0);
        var o = signedData.Length;
        if (!certificate.IsEmpty)
        {
            o = WriteTlvHeader(output, o, SignerCertificateTag, certificate.Length);
            certificate.CopyTo(output.AsSpan(o));
            o += certificate.Length;
        }

        if (!Signature.IsEmpty)
        {
            o = WriteTlvHeader(output, o, SignatureTag, Signature.Length);
            Signature.Span.CopyTo(output.AsSpan(o));
        }

        return output;
    }

    private static IdbBarcode Parse(string identifier, bool compressed, byte[] payload, byte[] transported, bool signed)
    {
        var data = payload.AsSpan();
        var header = IdbHeader.Decode(data, signed, out var o);
        if (o >= data.Length || data[o] != MessageGroupTag)
        {
            throw new Icao9303FormatException("idb.message-group-missing", $"The header is not followed by a message group (tag 0x{MessageGroupTag:X2}).");
        }

        o++;
        var groupLength = ReadLength(data, ref o);
        var groupEnd = o + groupLength;
        var messages = new List<IdbMessage>();
        var seen = new HashSet<byte>();
        while (o < groupEnd)
        {
            var tag = data[o++];
            ValidateTag(tag);
            if (!seen.Add(tag))
            {
                throw new Icao9303FormatException("idb.message-duplicate", $"Message type 0x{tag:X2} appears twice.");
            }

            var length = ReadLength(data[..groupEnd], ref o);
            messages.Add(new IdbMessage(tag, payload.AsMemory(o, length)));
            o += length;
        }

        if (messages.Count == 0)
        {
            throw new Icao9303FormatException("idb.message-empty", "The message group has no message.");
        }

        var signedLength = o;
        ReadOnlyMemory<byte> certificate = default;
        ReadOnlyMemory<byte> signature = default;
        if (o < data.Length && data[o] == SignerCertificateTag)
        {
            if (!signed)
            {
                throw new Icao9303FormatException("idb.signature-unexpected", "An unsigned barcode carries a signer certificate.");
            }

            o++;
            var length = ReadLength(data, ref o);
            if (length == 0)
            {
                throw new Icao9303FormatException("idb.signer-certificate-invalid", "The signer certificate is empty.");
            }

            certificate = payload.AsMemory(o, length);
            o += length;
        }

        if (signed)
        {
            if (o >= data.Length || data[o] != SignatureTag)
            {
                throw new Icao9303FormatException("idb.signature-missing", $"A signed barcode ends without a signature (tag 0x{SignatureTag:X2}).");
            }

            o++;
            var length = ReadLength(data, ref o);
            if (length == 0 || length > VisibleDigitalSeal.MaxSignatureLength || length % 2 != 0)
            {
                throw new Icao9303FormatException("idb.signature-invalid", $"A plain ECDSA signature has an even length of at most {VisibleDigitalSeal.MaxSignatureLength} bytes, not {length}.");
            }

            signature = payload.AsMemory(o, length);
            o += length;
        }
        else if (o < data.Length && data[o] == SignatureTag)
        {
            throw new Icao9303FormatException("idb.signature-unexpected", "The barcode flag says unsigned but a signature follows the message group.");
        }

        if (o != data.Length)
        {
            throw new Icao9303FormatException("idb.trailing-data", $"{data.Length - o} bytes follow the last zone.");
        }

        return new IdbBarcode(identifier, compressed, payload, transported, header, messages, certificate, signature, payload.AsMemory(0, signedLength));
    }

    /// <summary>A minimal BER length (Doc 9303 Part 13 §2.3 rule, shared with the VDS) that must fit in what remains.</summary>
    private static int ReadLength(ReadOnlySpan<byte> data, ref int offset)
    {
        var length = VdsTlv.ReadLength(data, ref offset, "idb");
        if (data.Length - offset < length)
        {
            throw new Icao9303FormatException("idb.truncated", $"A zone claims {length} bytes; {data.Length - offset} remain.");
        }

        return length;
    }

    private static int LengthOfLength(int length) => VdsTlv.LengthOfLength(length);

    private static int WriteTlvHeader(byte[] output, int offset, byte tag, int length)
    {
        if (length > 0xFFFF)
        {
            throw new Icao9303FormatException("idb.too-large", $"A zone of {length} bytes exceeds the two-byte length.");
        }

        output[offset++] = tag;
        return offset + VdsTlv.WriteLength(output.AsSpan(offset), length);
    }

    private static void ValidateTag(byte tag)
    {
        if (tag is 0x00 or 0xFF)
        {
            throw new Icao9303FormatException("idb.message-tag-invalid", $"Message type 0x{tag:X2} is not allowed (0x01..0xFE).");
        }
    }

    private static byte[] Compress(byte[] payload)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(payload);
        }

        return output.ToArray();
    }

    private static byte[] Decompress(byte[] compressed)
    {
        try
        {
            using var input = new MemoryStream(compressed, writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            var buffer = new byte[MaxPayloadLength + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = zlib.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            if (total > MaxPayloadLength)
            {
                throw new Icao9303FormatException("idb.too-large", $"The payload decompresses to more than {MaxPayloadLength} bytes.");
            }

            return buffer[..total];
        }
        catch (InvalidDataException ex)
        {
            throw new Icao9303FormatException("idb.compression-invalid", $"The payload is not a valid zlib stream: {ex.Message}", ex);
        }
    }
}
