using System.Text.Json;

namespace Credentials.Icao9303.Tests.Vectors;

/// <summary>Reads ../shared/icao-vectors/doc9303-worked-examples.json (skips when absent).</summary>
internal static class WorkedExamples
{
    public static JsonElement Load()
    {
        var path = TestVectors.PathOf("doc9303-worked-examples.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.Clone();
    }

    /// <summary>Hex value of a property; a value with an odd number of digits (leading zero nibble dropped by the collector) is left-padded.</summary>
    public static byte[] Hex(this JsonElement element, string property)
    {
        var hex = element.GetProperty(property).GetString()!;
        return Convert.FromHexString(hex.Length % 2 == 1 ? "0" + hex : hex);
    }

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;
}
