namespace Credentials.Deployment.Tests.Architecture;

/// <summary>
/// Issue 17 item 5: no production source file over ~400 lines without a reason written at its top — a comment within
/// the first lines that says why it stays one file ("Over ~400 lines on purpose: …"). Generated code (obj/) and SQL
/// migrations are not source files in this sense.
/// </summary>
public sealed class FileLengthTests
{
    private const int MaxLines = 400;
    private const string ReasonMarker = "Over ~400 lines on purpose:";

    [Fact]
    public void ProductionSources_OverFourHundredLines_StateTheirReasonAtTheTop()
    {
        var unexplained = new List<string>();
        foreach (var top in new[] { "shared", "services", "tools" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, top), "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(RepositoryPaths.Root, file).Replace('\\', '/');
                if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal))
                {
                    continue;
                }

                var lines = File.ReadAllLines(file);
                if (lines.Length > MaxLines && !lines.Take(5).Any(line => line.Contains(ReasonMarker, StringComparison.Ordinal)))
                {
                    unexplained.Add($"{relative}: {lines.Length} lines");
                }
            }
        }

        Assert.True(unexplained.Count == 0, $"Split these files, or say why not in a first-lines comment starting \"// {ReasonMarker}\":\n" + string.Join('\n', unexplained));
    }
}
