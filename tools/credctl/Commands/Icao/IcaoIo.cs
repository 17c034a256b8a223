using System.Text;

namespace Credentials.Cli.Commands.Icao;

/// <summary>File reading for the Doc 9303 commands: binary files as they are, PEM files decoded (every block of a label).</summary>
internal static class IcaoIo
{
    /// <summary>Largest file the commands read (EF.SOD, data groups, certificates and CRL bundles are far smaller).</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    public static async Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"file not found: {path}", path);
        }

        if (info.Length > MaxFileBytes)
        {
            throw new IOException($"{path} is larger than {MaxFileBytes} bytes");
        }

        return await File.ReadAllBytesAsync(path, cancellationToken);
    }

    /// <summary>The DER objects in a file: every PEM block with <paramref name="label"/>, or the whole file when it is not PEM.</summary>
    public static IReadOnlyList<byte[]> DerObjects(byte[] content, string label)
    {
        var text = content.Length > 0 && content[0] == (byte)'-' ? Encoding.ASCII.GetString(content) : null;
        if (text is null || !text.Contains("-----BEGIN ", StringComparison.Ordinal))
        {
            return [content];
        }

        var result = new List<byte[]>();
        var begin = $"-----BEGIN {label}-----";
        var end = $"-----END {label}-----";
        var index = 0;
        while ((index = text.IndexOf(begin, index, StringComparison.Ordinal)) >= 0)
        {
            var start = index + begin.Length;
            var stop = text.IndexOf(end, start, StringComparison.Ordinal);
            if (stop < 0)
            {
                throw new InvalidDataException($"PEM block {label} is not terminated");
            }

            result.Add(Convert.FromBase64String(text[start..stop].Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal).Trim()));
            index = stop + end.Length;
        }

        return result;
    }
}
