using System.Reflection;

namespace Credentials.Contracts.Tests;

/// <summary>Locates the checkout this test assembly was built from (build output lives outside it).</summary>
internal static class RepositoryPaths
{
    /// <summary>Absolute path of the repository root, from the RepositoryRoot assembly metadata.</summary>
    public static string Root { get; } = ReadRoot();

    /// <summary>Absolute path of the proto root (the folder that holds <c>credentials/</c>).</summary>
    public static string ProtoRoot => Path.Combine(Root, "proto");

    private static string ReadRoot()
    {
        var root = typeof(RepositoryPaths).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (string.IsNullOrEmpty(root) || !Directory.Exists(root))
        {
            throw new InvalidOperationException("RepositoryRoot assembly metadata is missing or points to no folder.");
        }

        return root;
    }
}
