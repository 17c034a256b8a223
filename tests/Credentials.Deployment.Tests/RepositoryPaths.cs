using System.Reflection;

namespace Credentials.Deployment.Tests;

/// <summary>The checkout this test assembly was built from.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>A service's compiled assembly in the artifacts folder of this build (built before this project).</summary>
    public static string ServiceAssembly(string project)
    {
        var metadata = typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        return Path.Combine(metadata["ArtifactsBin"]!, project, metadata["ArtifactsPivot"]!, project + ".dll");
    }

    public static readonly string[] ServiceProjects =
    [
        "Credentials.Csca", "Credentials.DocumentSigner", "Credentials.Dtc",
        "Credentials.TrustAnchor", "Credentials.Pkd", "Credentials.Ledger",
    ];
}
