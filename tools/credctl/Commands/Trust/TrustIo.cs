using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Credentials.Cli.Commands.Trust;

/// <summary>File input (DER or PEM) and JSON output shared by the trust-format commands.</summary>
internal static class TrustIo
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Reads a file; throws <see cref="IOException"/>/<see cref="UnauthorizedAccessException"/> when it cannot.</summary>
    public static async Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken) =>
        await File.ReadAllBytesAsync(path, cancellationToken);

    /// <summary>
    /// The DER objects in a file: the file itself when it is DER, or every PEM block of type
    /// <paramref name="pemLabel"/> when it is PEM (a bundle gives several).
    /// </summary>
    public static IReadOnlyList<byte[]> DerObjects(byte[] content, string pemLabel)
    {
        var begin = $"-----BEGIN {pemLabel}-----";
        var text = content.Length > 0 && content[0] != 0x30 ? Encoding.ASCII.GetString(content) : null;
        if (text is null || !text.Contains(begin, StringComparison.Ordinal))
        {
            return [content];
        }

        var result = new List<byte[]>();
        var end = $"-----END {pemLabel}-----";
        var position = 0;
        while ((position = text.IndexOf(begin, position, StringComparison.Ordinal)) >= 0)
        {
            var start = position + begin.Length;
            var stop = text.IndexOf(end, start, StringComparison.Ordinal);
            if (stop < 0)
            {
                throw new InvalidDataException($"PEM block '{pemLabel}' is not terminated.");
            }

            result.Add(Convert.FromBase64String(text[start..stop].Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal).Trim()));
            position = stop + end.Length;
        }

        return result;
    }

    /// <summary>The file itself when it is DER, else the first PEM block with one of <paramref name="labels"/>.</summary>
    public static byte[] FirstDer(byte[] content, params string[] labels)
    {
        if (content.Length > 0 && content[0] == 0x30)
        {
            return content;
        }

        foreach (var label in labels)
        {
            var objects = DerObjects(content, label);
            if (!ReferenceEquals(objects[0], content))
            {
                return objects[0];
            }
        }

        return content;
    }

    public static void WriteJson(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>Prints an I/O problem and returns the usage/I/O exit code.</summary>
    public static int IoError(string path, Exception ex)
    {
        Console.Error.WriteLine($"cannot read {path}: {ex.Message}");
        return ExitCodes.UsageOrIoError;
    }

    public static bool IsIoException(Exception ex) =>
        ex is IOException or UnauthorizedAccessException or InvalidDataException or FormatException and not Credentials.Icao9303.Icao9303FormatException;
}
