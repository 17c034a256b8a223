namespace Credentials.Deployment.Tests;

/// <summary>
/// Issue 15: nothing that ships — a service's appsettings, its Dockerfile, the Helm chart — names a test topic, so no
/// deployment can consume test traffic (the services also refuse such a topic at start-up).
/// </summary>
public sealed class ShippedConfigurationTests
{
    private const string TestTopicPrefix = "credentials.tests.";

    public static TheoryData<string> ShippedFiles()
    {
        var files = new TheoryData<string>();
        foreach (var project in RepositoryPaths.ServiceProjects)
        {
            var folder = Path.Combine(RepositoryPaths.Root, "services", project);
            foreach (var file in Directory.EnumerateFiles(folder, "appsettings*.json").Append(Path.Combine(folder, "Dockerfile")).Order(StringComparer.Ordinal))
            {
                files.Add(Path.GetRelativePath(RepositoryPaths.Root, file));
            }
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "deploy"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            files.Add(Path.GetRelativePath(RepositoryPaths.Root, file));
        }

        return files;
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void ShippedFile_NamesNoTestTopic(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, relativePath));
        Assert.True(text.Length > 0, $"{relativePath} is empty");
        Assert.DoesNotContain(TestTopicPrefix, text, StringComparison.Ordinal);
    }
}
