using System.Reflection;

namespace Credentials.Pkd.Tests;

/// <summary>Paths into ../shared/icao-vectors beside the checkout (skips when the folder is absent).</summary>
internal static class Vectors
{
    public static string Root
    {
        get
        {
            var repository = typeof(Vectors).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepositoryRoot").Value!;
            var root = Path.GetFullPath(Path.Combine(repository, "..", "shared", "icao-vectors"));
            if (!Directory.Exists(root))
            {
                Assert.Skip($"icao-vectors not found at {root}");
            }

            return root;
        }
    }

    public static byte[] Read(string relative) => File.ReadAllBytes(Path.Combine(Root, relative));
}
