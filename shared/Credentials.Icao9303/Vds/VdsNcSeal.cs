using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Credentials.Icao9303.Vds;

/// <summary>
/// A Visible Digital Seal for non-constrained environments (ICAO TR "VDS-NC" v1.0 §3):
/// <code>
/// { "data": { "hdr": { "t": type, "v": version, "is": issuing State }, "msg": { ... use-case message ... } },
///   "sig":  { "alg": "ES256" | "ES384" | "ES512", "cer": base64url(DER signer certificate), "sigvl": base64url(r ‖ s) } }
/// </code>
/// The signature is computed over the RFC 8785 canonical form of <c>data</c> (<see cref="CanonicalJson"/>) with the key of
/// the embedded Barcode Signer certificate.
/// <para>Decoding is strict and bounded (<see cref="MaxEncodedLength"/> bytes, nesting depth 16, the members above and no
/// others at the top, in <c>data</c> and in <c>sig</c>); <see cref="Encode"/> writes the canonical form.</para>
/// </summary>
public sealed class VdsNcSeal
{
    /// <summary>Largest VDS-NC accepted (a QR code holds at most 2,953 bytes; the bound leaves room and stops abuse).</summary>
    public const int MaxEncodedLength = 16 * 1024;

    private const string Reason = "vdsnc.json-invalid";

    private VdsNcSeal(VdsNcHeader header, JsonElement message, byte[] signedData, string algorithm, byte[] signerCertificate, byte[] signature)
    {
        Header = header;
        Message = message;
        SignedData = signedData;
        Algorithm = algorithm;
        SignerCertificate = signerCertificate;
        SignatureValue = signature;
    }

    /// <summary>The header.</summary>
    public VdsNcHeader Header { get; }

    /// <summary>The use-case message (<c>data.msg</c>).</summary>
    public JsonElement Message { get; }

    /// <summary>The signed bytes: the RFC 8785 canonical form of <c>data</c>.</summary>
    public ReadOnlyMemory<byte> SignedData { get; }

    /// <summary>JWS-style algorithm name, e.g. <c>ES256</c>.</summary>
    public string Algorithm { get; }

    /// <summary>DER of the embedded signer certificate.</summary>
    public ReadOnlyMemory<byte> SignerCertificate { get; }

    /// <summary>Plain ECDSA signature r ‖ s.</summary>
    public ReadOnlyMemory<byte> SignatureValue { get; }

    /// <summary>The canonical <c>data</c> bytes to sign for a header and message.</summary>
    /// <exception cref="Icao9303FormatException">The message is not a JSON object or is not canonicalisable.</exception>
    public static byte[] EncodeSignedData(VdsNcHeader header, JsonElement message)
    {
        ArgumentNullException.ThrowIfNull(header);
        ValidateHeader(header);
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw new Icao9303FormatException(Reason, "data.msg must be a JSON object.");
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("hdr");
            writer.WriteString("t", header.Type);
            writer.WriteNumber("v", header.Version);
            writer.WriteString("is", header.IssuingCountry);
            writer.WriteEndObject();
            writer.WritePropertyName("msg");
            message.WriteTo(writer);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(stream.ToArray());
        return CanonicalJson.Serialize(document.RootElement);
    }

    /// <summary>Assembles a seal from its canonical data (<see cref="EncodeSignedData"/>), algorithm, signer certificate and signature.</summary>
    /// <exception cref="Icao9303FormatException">The result is not a well-formed VDS-NC.</exception>
    public static VdsNcSeal Create(ReadOnlySpan<byte> signedData, string algorithm, ReadOnlySpan<byte> signerCertificate, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var json = new StringBuilder(signedData.Length + (signerCertificate.Length * 2) + 256);
        json.Append("{\"data\":").Append(Encoding.UTF8.GetString(signedData))
            .Append(",\"sig\":{\"alg\":\"").Append(algorithm)
            .Append("\",\"cer\":\"").Append(Base64Url.EncodeToString(signerCertificate))
            .Append("\",\"sigvl\":\"").Append(Base64Url.EncodeToString(signature)).Append("\"}}");
        return Decode(Encoding.UTF8.GetBytes(json.ToString()));
    }

    /// <summary>Decodes a VDS-NC from its UTF-8 JSON.</summary>
    /// <exception cref="Icao9303FormatException">The only exception for malformed input; reasons <c>vdsnc.too-large</c>,
    /// <c>vdsnc.json-invalid</c>, <c>vdsnc.member-missing</c>, <c>vdsnc.member-unexpected</c>, <c>vdsnc.header-invalid</c>,
    /// <c>vdsnc.algorithm-unsupported</c>, <c>vdsnc.base64-invalid</c>.</exception>
    public static VdsNcSeal Decode(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxEncodedLength)
        {
            throw new Icao9303FormatException("vdsnc.too-large", $"The VDS-NC has {utf8Json.Length} bytes; at most {MaxEncodedLength} are accepted.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new Icao9303FormatException(Reason, $"Not well-formed JSON: {ex.Message}", ex);
        }

        using (document)
        {
            try
            {
                var root = document.RootElement;
                RequireMembers(root, "VDS-NC", "data", "sig");
                var data = root.GetProperty("data");
                RequireMembers(data, "data", "hdr", "msg");
                var hdr = data.GetProperty("hdr");
                RequireMembers(hdr, "data.hdr", "t", "v", "is");
                var header = new VdsNcHeader(RequireString(hdr, "t"), RequireInt(hdr, "v"), RequireString(hdr, "is"));
                ValidateHeader(header);
                var message = data.GetProperty("msg");
                if (message.ValueKind != JsonValueKind.Object)
                {
                    throw new Icao9303FormatException(Reason, "data.msg must be a JSON object.");
                }

                var sig = root.GetProperty("sig");
                RequireMembers(sig, "sig", "alg", "cer", "sigvl");
                var algorithm = RequireString(sig, "alg");
                if (VdsNcAlgorithm.DigestOid(algorithm) is null)
                {
                    throw new Icao9303FormatException("vdsnc.algorithm-unsupported", $"sig.alg '{algorithm}' is not ES256, ES384 or ES512.");
                }

                var certificate = DecodeBase64Url(RequireString(sig, "cer"), "sig.cer");
                var signature = DecodeBase64Url(RequireString(sig, "sigvl"), "sig.sigvl");
                if (signature.Length == 0 || signature.Length % 2 != 0 || signature.Length > VisibleDigitalSeal.MaxSignatureLength)
                {
                    throw new Icao9303FormatException("vdsnc.signature-invalid", $"sig.sigvl has {signature.Length} bytes; a plain ECDSA signature has an even length of at most {VisibleDigitalSeal.MaxSignatureLength}.");
                }

                return new VdsNcSeal(header, message.Clone(), CanonicalJson.Serialize(data), algorithm, certificate, signature);
            }
            catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or FormatException and not Icao9303FormatException)
            {
                throw new Icao9303FormatException(Reason, $"The VDS-NC does not have the prescribed structure: {ex.Message}", ex);
            }
        }
    }

    /// <summary>The canonical JSON of the whole seal.</summary>
    public byte[] Encode()
    {
        var json = new StringBuilder(SignedData.Length + (SignerCertificate.Length * 2) + 256);
        json.Append("{\"data\":").Append(Encoding.UTF8.GetString(SignedData.Span))
            .Append(",\"sig\":{\"alg\":\"").Append(Algorithm)
            .Append("\",\"cer\":\"").Append(Base64Url.EncodeToString(SignerCertificate.Span))
            .Append("\",\"sigvl\":\"").Append(Base64Url.EncodeToString(SignatureValue.Span)).Append("\"}}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    private static void ValidateHeader(VdsNcHeader header)
    {
        if (header.IssuingCountry.Length != 3 || !header.IssuingCountry.All(c => c is (>= 'A' and <= 'Z') or '<'))
        {
            throw new Icao9303FormatException("vdsnc.header-invalid", "data.hdr.is must be a three-letter code (A-Z, '<').");
        }

        if (header.Type.Length is 0 or > 64 || header.Version is < 1 or > 9999)
        {
            throw new Icao9303FormatException("vdsnc.header-invalid", "data.hdr.t must be 1-64 characters and data.hdr.v 1..9999.");
        }
    }

    private static void RequireMembers(JsonElement element, string name, params string[] members)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new Icao9303FormatException(Reason, $"{name} must be a JSON object.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            if (!members.Contains(member.Name, StringComparer.Ordinal))
            {
                throw new Icao9303FormatException("vdsnc.member-unexpected", $"{name} has an unexpected member '{member.Name}'.");
            }

            if (!seen.Add(member.Name))
            {
                throw new Icao9303FormatException(Reason, $"{name}.{member.Name} appears twice.");
            }
        }

        foreach (var member in members)
        {
            if (!seen.Contains(member))
            {
                throw new Icao9303FormatException("vdsnc.member-missing", $"{name} lacks its member '{member}'.");
            }
        }
    }

    private static string RequireString(JsonElement element, string name)
    {
        var value = element.GetProperty(name);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new Icao9303FormatException("vdsnc.header-invalid", $"Member '{name}' must be a string.");
    }

    private static int RequireInt(JsonElement element, string name)
    {
        var value = element.GetProperty(name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw new Icao9303FormatException("vdsnc.header-invalid", $"Member '{name}' must be an integer.");
    }

    private static byte[] DecodeBase64Url(string text, string name)
    {
        // The TR writes base64url; real seals (AU) keep the '=' padding, which is accepted.
        var trimmed = text.TrimEnd('=');
        if (text.Length - trimmed.Length > 2 || !Base64Url.IsValid(trimmed))
        {
            throw new Icao9303FormatException("vdsnc.base64-invalid", $"{name} is not base64url.");
        }

        return Base64Url.DecodeFromChars(trimmed);
    }
}
