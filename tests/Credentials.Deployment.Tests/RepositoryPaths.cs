using System.Reflection;

namespace Credentials.Deployment.Tests;

/// <summary>The checkout this test assembly was built from.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static readonly string[] ServiceProjects =
    [
        "Credentials.Csca", "Credentials.DocumentSigner", "Credentials.Dtc",
        "Credentials.TrustAnchor", "Credentials.Pkd", "Credentials.Ledger",
    ];
}
