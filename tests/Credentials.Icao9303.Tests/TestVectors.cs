using System.Reflection;

namespace Credentials.Icao9303.Tests;

/// <summary>
/// Locates the shared ICAO test material (<c>../shared/icao-vectors</c> beside the checkout) from the
/// <c>RepositoryRoot</c> assembly metadata. Tests call <see cref="RequireRoot"/> and are skipped when it is absent.
/// </summary>
public static class TestVectors
{
    private static readonly Lazy<string?> LazyRoot = new(FindRoot);

    /// <summary>Absolute path of the icao-vectors folder, or null when it is not present.</summary>
    public static string? Root => LazyRoot.Value;

    /// <summary>Returns <see cref="Root"/>, or skips the calling test with a clear message when it is absent.</summary>
    public static string RequireRoot()
    {
        if (Root is null)
        {
            Assert.Skip("ICAO test vectors not found: expected ../shared/icao-vectors beside the repository root (see tests/icao-vectors/README.md).");
        }

        return Root!;
    }

    /// <summary>Path of a file under the vectors root (skips when the root is absent).</summary>
    public static string PathOf(params string[] parts) => Path.Combine([RequireRoot(), .. parts]);

    /// <summary>Reads a file under the vectors root (skips when the root is absent).</summary>
    public static byte[] Read(params string[] parts) => File.ReadAllBytes(PathOf(parts));

    private static string? FindRoot()
    {
        var repositoryRoot = typeof(TestVectors).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (string.IsNullOrEmpty(repositoryRoot))
        {
            return null;
        }

        var candidate = Path.GetFullPath(Path.Combine(repositoryRoot, "..", "shared", "icao-vectors"));
        return Directory.Exists(candidate) ? candidate : null;
    }
}
