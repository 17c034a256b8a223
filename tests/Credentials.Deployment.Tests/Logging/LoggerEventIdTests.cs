using System.Text.RegularExpressions;

namespace Credentials.Deployment.Tests.Logging;

/// <summary>
/// STYLE rule 19: <c>[LoggerMessage]</c> logs carry stable event ids, unique across the repository, so that an id
/// names one log line in every dashboard and alert. Scans the source of services/, shared/ and tools/.
/// </summary>
public sealed partial class LoggerEventIdTests
{
    /// <summary>The registry: docs/event-ids.md, one id range per assembly and every event id with its level and message.</summary>
    private static readonly string RegistryPath = Path.Combine(RepositoryPaths.Root, "docs", "event-ids.md");

    /// <summary>
    /// The event id range of each assembly, read from the registry's range table (the one place they are written). A new
    /// assembly that logs gets a range there; an id outside its assembly's range is a failure, so two assemblies never
    /// collide.
    /// </summary>
    private static readonly (string Assembly, int First, int Last)[] Ranges = ReadRanges();

    [Fact]
    public void LoggerMessages_EveryEventId_UniqueAcrossRepository()
    {
        var byId = EventIds().GroupBy(e => e.Id).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Location))}")
            .ToList();

        Assert.True(byId.Count == 0, "Event ids used more than once:\n" + string.Join('\n', byId));
    }

    [Fact]
    public void LoggerMessages_EveryEventId_ExplicitAndInItsAssemblyRange()
    {
        var all = EventIds().ToList();
        Assert.NotEmpty(all);
        var problems = new List<string>();
        foreach (var e in all)
        {
            var range = Ranges.Where(r => r.Assembly == e.Assembly).ToList();
            if (e.Id is null)
            {
                problems.Add($"{e.Location}: [LoggerMessage] without an explicit EventId as its first argument");
            }
            else if (range.Count == 0)
            {
                problems.Add($"{e.Location}: {e.Assembly} has no event id range; add one to {nameof(LoggerEventIdTests)}.{nameof(Ranges)}");
            }
            else if (e.Id < range[0].First || e.Id > range[0].Last)
            {
                problems.Add($"{e.Location}: event id {e.Id} is outside {e.Assembly}'s range {range[0].First}-{range[0].Last}");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Ranges_NoTwoAssemblies_Overlap()
    {
        var sorted = Ranges.OrderBy(r => r.First).ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            Assert.True(sorted[i].First > sorted[i - 1].Last, $"{sorted[i - 1].Assembly} and {sorted[i].Assembly} overlap");
        }
    }

    /// <summary>
    /// docs/event-ids.md lists every event id with its assembly, level and message template, so an operator can look up
    /// an id from a log line or write an alert on one without reading the source. <c>CRED_WRITE_EVENT_IDS=1</c> rewrites
    /// the table from the sources instead of failing.
    /// </summary>
    [Fact]
    public void Registry_EveryLoggerMessage_ListedWithItsLevelAndMessage()
    {
        var expected = ExpectedEventRows();
        if (Environment.GetEnvironmentVariable("CRED_WRITE_EVENT_IDS") == "1")
        {
            var lines = File.ReadAllLines(RegistryPath).ToList();
            var begin = lines.IndexOf("<!-- events:begin -->");
            var end = lines.IndexOf("<!-- events:end -->");
            lines.RemoveRange(begin + 1, end - begin - 1);
            lines.InsertRange(begin + 1, ["| id | assembly | level | message template |", "| ---: | --- | --- | --- |", .. expected]);
            File.WriteAllLines(RegistryPath, lines);
        }

        var documented = RegistryRows("events");
        var missing = expected.Except(documented, StringComparer.Ordinal).ToList();
        var stale = documented.Except(expected, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && stale.Count == 0,
            "docs/event-ids.md differs from the sources (CRED_WRITE_EVENT_IDS=1 rewrites it):\nmissing:\n" + string.Join('\n', missing) + "\nstale:\n" + string.Join('\n', stale));
    }

    private static IEnumerable<(int? Id, string Assembly, string Location, string Level, string Message)> EventIds()
    {
        foreach (var top in new[] { "services", "shared", "tools" })
        {
            var folder = Path.Combine(RepositoryPaths.Root, top);
            foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(RepositoryPaths.Root, file).Replace('\\', '/');
                if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal))
                {
                    continue;
                }

                var assembly = relative.Split('/')[1];
                var text = File.ReadAllText(file);
                foreach (Match attribute in LoggerMessageAttribute().Matches(text))
                {
                    var line = 1 + text.AsSpan(0, attribute.Index).Count('\n');
                    int? id = attribute.Groups["id"].Success ? int.Parse(attribute.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
                    var details = LoggerMessageDetails().Match(text, attribute.Index);
                    var level = details.Success && details.Index == attribute.Index ? details.Groups["level"].Value : "?";
                    var message = details.Success && details.Index == attribute.Index ? details.Groups["message"].Value : "?";
                    yield return (id, assembly, $"{relative}:{line}", level, message);
                }
            }
        }
    }

    /// <summary>
    /// The registry's event table, as the sources say it must read: one row per <c>[LoggerMessage]</c>, ordered by id.
    /// </summary>
    private static List<string> ExpectedEventRows() =>
        [.. EventIds().Where(e => e.Id is not null).OrderBy(e => e.Id)
            .Select(e => $"| {e.Id} | {e.Assembly} | {e.Level} | {e.Message.Replace("|", "\\|", StringComparison.Ordinal)} |")];

    /// <summary>The rows between the registry's begin and end markers of <paramref name="table"/>.</summary>
    private static List<string> RegistryRows(string table)
    {
        var lines = File.ReadAllLines(RegistryPath);
        var begin = Array.IndexOf(lines, $"<!-- {table}:begin -->");
        var end = Array.IndexOf(lines, $"<!-- {table}:end -->");
        Assert.True(begin >= 0 && end > begin, $"docs/event-ids.md has no {table} table between its markers");
        return [.. lines[(begin + 1)..end].Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| ---", StringComparison.Ordinal) && !l.StartsWith("| id ", StringComparison.Ordinal) && !l.StartsWith("| assembly ", StringComparison.Ordinal))];
    }

    private static (string Assembly, int First, int Last)[] ReadRanges() =>
        [.. RegistryRows("ranges").Select(row =>
        {
            var cells = row.Trim('|').Split('|', StringSplitOptions.TrimEntries);
            return (cells[0], int.Parse(cells[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture));
        })];

    // [LoggerMessage(EventId = 1234, Level = LogLevel.X, Message = "...")]: the level and message template for the registry.
    [GeneratedRegex(@"\[LoggerMessage\(\s*EventId\s*=\s*[0-9]+\s*,\s*Level\s*=\s*LogLevel\.(?<level>[A-Za-z]+)\s*,\s*Message\s*=\s*""(?<message>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LoggerMessageDetails();

    // [LoggerMessage(EventId = 1234, ...)] or the positional [LoggerMessage(1234, ...)].
    [GeneratedRegex(@"\[LoggerMessage\(\s*(?:EventId\s*=\s*)?(?<id>[0-9]+)?")]
    private static partial Regex LoggerMessageAttribute();
}
