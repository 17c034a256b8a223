namespace Credentials.Icao9303.Vds;

/// <summary>
/// A Visible Digital Seal (Doc 9303 Part 13 §2): <c>header ‖ message zone ‖ signature zone</c>, where the message zone
/// is a sequence of <see cref="VdsFeature"/> TLVs and the signature zone is <c>0xFF ‖ length ‖ signature</c>, the
/// signature being the plain ECDSA value r ‖ s (each the size of the curve order, BSI TR-03111 §5.2.1) over the header
/// and message zone (Part 13 §2.4).
/// <para>Decoding is strict and bounded: at most <see cref="MaxEncodedLength"/> bytes, minimal lengths, tags 0x01..0xFE,
/// each tag once, a non-empty message zone, one signature zone and nothing after it; <see cref="Encode"/> reproduces the
/// decoded bytes exactly.</para>
/// </summary>
public sealed class VisibleDigitalSeal
{
    /// <summary>Largest seal accepted (a DataMatrix holds at most 1,556 bytes; the bound leaves room and stops abuse).</summary>
    public const int MaxEncodedLength = 4096;

    /// <summary>Tag that opens the signature zone.</summary>
    public const byte SignatureMarker = 0xFF;

    /// <summary>Largest plain ECDSA signature (P-521: 2 × 66 bytes).</summary>
    public const int MaxSignatureLength = 132;

    private VisibleDigitalSeal(VdsHeader header, IReadOnlyList<VdsFeature> features, ReadOnlyMemory<byte> signature, ReadOnlyMemory<byte> signedData)
    {
        Header = header;
        Features = features;
        Signature = signature;
        SignedData = signedData;
    }

    /// <summary>The header.</summary>
    public VdsHeader Header { get; }

    /// <summary>The message zone, in the order written.</summary>
    public IReadOnlyList<VdsFeature> Features { get; }

    /// <summary>Plain ECDSA signature r ‖ s.</summary>
    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>The bytes the signature covers: header and message zone.</summary>
    public ReadOnlyMemory<byte> SignedData { get; }

    /// <summary>The feature with <paramref name="tag"/>, if present.</summary>
    public VdsFeature? Find(byte tag)
    {
        foreach (var feature in Features)
        {
            if (feature.Tag == tag)
            {
                return feature;
            }
        }

        return null;
    }

    /// <summary>The signed data (header ‖ message zone) of a seal to be signed.</summary>
    /// <exception cref="Icao9303FormatException">The header or a feature does not fit (reasons as in <see cref="Decode"/>).</exception>
    public static byte[] EncodeSignedData(VdsHeader header, IReadOnlyList<VdsFeature> features)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count == 0)
        {
            throw new Icao9303FormatException("vds.message-empty", "The message zone has no feature.");
        }

        var headerBytes = header.Encode();
        var length = headerBytes.Length;
        var seen = new HashSet<byte>();
        foreach (var feature in features)
        {
            ValidateTag(feature.Tag);
            if (!seen.Add(feature.Tag))
            {
                throw new Icao9303FormatException("vds.feature-duplicate", $"Feature tag 0x{feature.Tag:X2} appears twice.");
            }

            length += 1 + VdsTlv.LengthOfLength(feature.Value.Length) + feature.Value.Length;
        }

        if (length + 2 > MaxEncodedLength)
        {
            throw new Icao9303FormatException("vds.too-large", $"The seal would exceed {MaxEncodedLength} bytes.");
        }

        var output = new byte[length];
        headerBytes.CopyTo(output, 0);
        var o = headerBytes.Length;
        foreach (var feature in features)
        {
            output[o++] = feature.Tag;
            o += VdsTlv.WriteLength(output.AsSpan(o), feature.Value.Length);
            feature.Value.Span.CopyTo(output.AsSpan(o));
            o += feature.Value.Length;
        }

        return output;
    }

    /// <summary>Assembles a seal from its signed data (<see cref="EncodeSignedData"/>) and the plain ECDSA signature over it.</summary>
    /// <exception cref="Icao9303FormatException">The result is not a well-formed seal.</exception>
    public static VisibleDigitalSeal Create(ReadOnlySpan<byte> signedData, ReadOnlySpan<byte> signature)
    {
        if (signature.IsEmpty || signature.Length > MaxSignatureLength || signature.Length % 2 != 0)
        {
            throw new Icao9303FormatException("vds.signature-invalid", $"A plain ECDSA signature has an even length of at most {MaxSignatureLength} bytes.");
        }

        var output = new byte[signedData.Length + 1 + VdsTlv.LengthOfLength(signature.Length) + signature.Length];
        signedData.CopyTo(output);
        var o = signedData.Length;
        output[o++] = SignatureMarker;
        o += VdsTlv.WriteLength(output.AsSpan(o), signature.Length);
        signature.CopyTo(output.AsSpan(o));
        return Decode(output);
    }

    /// <summary>Decodes a seal.</summary>
    /// <exception cref="Icao9303FormatException">The only exception for malformed input; reasons <c>vds.too-large</c>, <c>vds.magic-invalid</c>,
    /// <c>vds.version-unsupported</c>, <c>vds.truncated</c>, <c>vds.header-invalid</c>, <c>vds.c40-invalid</c>, <c>vds.date-invalid</c>,
    /// <c>vds.length-invalid</c>, <c>vds.feature-tag-invalid</c>, <c>vds.feature-duplicate</c>, <c>vds.message-empty</c>,
    /// <c>vds.signature-missing</c>, <c>vds.signature-invalid</c>, <c>vds.trailing-data</c>.</exception>
    public static VisibleDigitalSeal Decode(ReadOnlyMemory<byte> encoded)
    {
        if (encoded.Length > MaxEncodedLength)
        {
            throw new Icao9303FormatException("vds.too-large", $"The seal has {encoded.Length} bytes; at most {MaxEncodedLength} are accepted.");
        }

        // A private copy: the decoded seal never shares memory with the caller's buffer.
        var owned = encoded.ToArray();
        var data = owned.AsSpan();
        var header = VdsHeader.Decode(data, out var o);
        var features = new List<VdsFeature>();
        var seen = new HashSet<byte>();
        while (true)
        {
            if (o >= data.Length)
            {
                throw new Icao9303FormatException("vds.signature-missing", "The seal ends without a signature zone (tag 0xFF).");
            }

            var tag = data[o];
            if (tag == SignatureMarker)
            {
                break;
            }

            ValidateTag(tag);
            if (!seen.Add(tag))
            {
                throw new Icao9303FormatException("vds.feature-duplicate", $"Feature tag 0x{tag:X2} appears twice.");
            }

            o++;
            var length = VdsTlv.ReadLength(data, ref o);
            if (data.Length - o < length)
            {
                throw new Icao9303FormatException("vds.truncated", $"Feature 0x{tag:X2} claims {length} bytes; {data.Length - o} remain.");
            }

            features.Add(new VdsFeature(tag, owned.AsMemory(o, length)));
            o += length;
        }

        if (features.Count == 0)
        {
            throw new Icao9303FormatException("vds.message-empty", "The message zone has no feature.");
        }

        var signedLength = o;
        o++;
        var signatureLength = VdsTlv.ReadLength(data, ref o);
        if (data.Length - o < signatureLength)
        {
            throw new Icao9303FormatException("vds.truncated", $"The signature zone claims {signatureLength} bytes; {data.Length - o} remain.");
        }

        if (signatureLength == 0 || signatureLength > MaxSignatureLength || signatureLength % 2 != 0)
        {
            throw new Icao9303FormatException("vds.signature-invalid", $"A plain ECDSA signature has an even length of at most {MaxSignatureLength} bytes, not {signatureLength}.");
        }

        if (o + signatureLength != data.Length)
        {
            throw new Icao9303FormatException("vds.trailing-data", $"{data.Length - o - signatureLength} bytes follow the signature zone.");
        }

        return new VisibleDigitalSeal(header, features, owned.AsMemory(o, signatureLength), owned.AsMemory(0, signedLength));
    }

    /// <summary>Encodes the seal (byte-identical to the decoded input).</summary>
    public byte[] Encode()
    {
        var signedData = EncodeSignedData(Header, Features);
        var output = new byte[signedData.Length + 1 + VdsTlv.LengthOfLength(Signature.Length) + Signature.Length];
        signedData.CopyTo(output, 0);
        var o = signedData.Length;
        output[o++] = SignatureMarker;
        o += VdsTlv.WriteLength(output.AsSpan(o), Signature.Length);
        Signature.Span.CopyTo(output.AsSpan(o));
        return output;
    }

    private static void ValidateTag(byte tag)
    {
        if (tag is 0x00 or SignatureMarker)
        {
            throw new Icao9303FormatException("vds.feature-tag-invalid", $"Feature tag 0x{tag:X2} is not allowed (0x01..0xFE).");
        }
    }
}
