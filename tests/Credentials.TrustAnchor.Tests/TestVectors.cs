using System.Reflection;

namespace Credentials.TrustAnchor.Tests;

/// <summary>Paths into <c>../shared/icao-vectors</c>; tests skip when it is absent.</summary>
internal static class TestVectors
{
    public static string Root()
    {
        var root = typeof(TestVectors).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepositoryRoot").Value!;
        var vectors = Path.GetFullPath(Path.Combine(root, "..", "shared", "icao-vectors"));
        if (!Directory.Exists(vectors))
        {
            Assert.Skip($"The shared ICAO vectors are absent ({vectors}).");
        }

        return vectors;
    }

    public static byte[] Read(params string[] parts) => File.ReadAllBytes(Path.Combine([Root(), .. parts]));
}
