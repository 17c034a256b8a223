using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Credentials.Ledger.Application;

/// <summary>
/// A ledger checkpoint: the chain head at <see cref="Sequence"/> as the signed text (ASCII, LF line ends, fixed
/// field order, so the bytes are deterministic):
/// <code>
/// credentials-ledger-checkpoint v1
/// sequence &lt;decimal&gt;
/// entry-hash &lt;64 lowercase hex&gt;
/// signed-at &lt;yyyy-MM-ddTHH:mm:ss.ffffffZ&gt;
/// key-label &lt;HSM label&gt;
/// </code>
/// The signature is ECDSA (DER) over SHA-256 of those bytes; the archived object is the payload followed by the line
/// <c>signature &lt;base64&gt;</c>.
/// </summary>
internal sealed record CheckpointDocument(long Sequence, byte[] EntryHash, DateTimeOffset SignedAt, string KeyLabel)
{
    private const string Header = "credentials-ledger-checkpoint v1";
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
    private const int MaxPayloadLength = 512;

    /// <summary>The canonical payload bytes that are signed.</summary>
    public byte[] ToPayload()
    {
        if (Sequence < 1 || EntryHash.Length != LedgerHashChain.HashLength || string.IsNullOrEmpty(KeyLabel)
            || KeyLabel.Any(c => c is <= ' ' or > '~'))
        {
            throw new InvalidOperationException("A checkpoint needs a positive sequence, a 32-byte hash and a printable key label.");
        }

        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{Header}\nsequence {Sequence}\nentry-hash {Convert.ToHexStringLower(EntryHash)}\nsigned-at {SignedAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)}\nkey-label {KeyLabel}\n");
        return Encoding.ASCII.GetBytes(text);
    }

    /// <summary>SHA-256 of the payload: the digest the HSM signs.</summary>
    public static byte[] Digest(ReadOnlySpan<byte> payload) => SHA256.HashData(payload);

    /// <summary>The archived copy: payload, then <c>signature &lt;base64&gt;\n</c>.</summary>
    public static byte[] ToArchive(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature)
    {
        var suffix = Encoding.ASCII.GetBytes("signature " + Convert.ToBase64String(signature) + "\n");
        var archive = new byte[payload.Length + suffix.Length];
        payload.CopyTo(archive);
        suffix.CopyTo(archive.AsSpan(payload.Length));
        return archive;
    }

    /// <summary>Parses a payload strictly (exact header, field order, formats and no trailing data); null when it is not one.</summary>
    public static CheckpointDocument? TryParse(ReadOnlySpan<byte> payload)
    {
        if (payload.Length is 0 or > MaxPayloadLength || payload[^1] != (byte)'\n')
        {
            return null;
        }

        foreach (var b in payload)
        {
            if (b != (byte)'\n' && b is < 0x20 or > 0x7E)
            {
                return null;
            }
        }

        var lines = Encoding.ASCII.GetString(payload[..^1]).Split('\n');
        if (lines.Length != 5 || lines[0] != Header)
        {
            return null;
        }

        if (!TryField(lines[1], "sequence", out var sequenceText)
            || !long.TryParse(sequenceText, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || sequence < 1
            || sequenceText != sequence.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }

        if (!TryField(lines[2], "entry-hash", out var hashText) || hashText.Length != 64 || hashText.Any(c => !char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)))
        {
            return null;
        }

        if (!TryField(lines[3], "signed-at", out var timeText)
            || !DateTime.TryParseExact(timeText, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return null;
        }

        if (!TryField(lines[4], "key-label", out var label) || label.Length == 0 || label.Contains(' ', StringComparison.Ordinal))
        {
            return null;
        }

        return new CheckpointDocument(sequence, Convert.FromHexString(hashText), new DateTimeOffset(DateTime.SpecifyKind(signedAt, DateTimeKind.Utc)), label);
    }

    private static bool TryField(string line, string name, out string value)
    {
        value = string.Empty;
        if (!line.StartsWith(name + " ", StringComparison.Ordinal))
        {
            return false;
        }

        value = line[(name.Length + 1)..];
        return true;
    }
}
