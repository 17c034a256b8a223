using System.Reflection;

namespace Credentials.Icao9303.Tests;

/// <summary>
/// Locates the shared real-world test data (<c>../shared/icao-vectors</c> beside the checkout). The checkout path
/// comes from the <c>RepositoryRoot</c> assembly metadata that tests/Directory.Build.props stamps into the assembly.
/// </summary>
internal static class TestVectors
{
    /// <summary>Absolute path of the icao-vectors folder, or null when it is absent.</summary>
    public static string? Root { get; } = Locate();

    /// <summary>The icao-vectors folder; skips the calling test with a clear message when it is absent.</summary>
    public static string RequireRoot()
    {
        if (Root is null)
        {
            Assert.Skip("../shared/icao-vectors is not present beside the checkout; real-world vector tests skipped.");
        }

        return Root;
    }

    private static string? Locate()
    {
        var repositoryRoot = typeof(TestVectors).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (string.IsNullOrEmpty(repositoryRoot))
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(repositoryRoot, "..", "shared", "icao-vectors"));
        return Directory.Exists(path) ? path : null;
    }
}
