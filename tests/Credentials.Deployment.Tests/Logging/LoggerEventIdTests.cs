using System.Text.RegularExpressions;

namespace Credentials.Deployment.Tests.Logging;

/// <summary>
/// STYLE rule 19: <c>[LoggerMessage]</c> logs carry stable event ids, unique across the repository, so that an id
/// names one log line in every dashboard and alert. Scans the source of services/, shared/ and tools/.
/// </summary>
public sealed partial class LoggerEventIdTests
{
    /// <summary>
    /// The event id range of each assembly (the registry issue 17 turns into constants per assembly). A new assembly
    /// that logs gets a range here; an id outside its assembly's range is a failure, so two assemblies never collide.
    /// </summary>
    private static readonly (string Assembly, int First, int Last)[] Ranges =
    [
        ("Credentials.ServiceDefaults", 1000, 1099),
        ("Credentials.Storage.Postgres", 1100, 1299),
        ("Credentials.Storage.S3", 1300, 1399),
        ("Credentials.DocumentSigner", 2000, 2099),
        ("Credentials.Outbox.Postgres", 2100, 2149),
        ("Credentials.Outbox", 2150, 2199),
        ("Credentials.Outbox.Kafka", 2200, 2399),
        ("Credentials.SignerKeys", 2400, 2499),
        ("Credentials.Dtc", 3000, 3099),
        ("Credentials.KeyVault.Pkcs11", 5100, 5199),
        ("Credentials.Csca", 6000, 6099),
        ("Credentials.Pkd", 7000, 7099),
        ("Credentials.TrustAnchor", 7100, 7599),
        ("Credentials.Ledger", 8000, 8199),
    ];

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

    private static IEnumerable<(int? Id, string Assembly, string Location)> EventIds()
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
                    yield return (id, assembly, $"{relative}:{line}");
                }
            }
        }
    }

    // [LoggerMessage(EventId = 1234, ...)] or the positional [LoggerMessage(1234, ...)].
    [GeneratedRegex(@"\[LoggerMessage\(\s*(?:EventId\s*=\s*)?(?<id>[0-9]+)?")]
    private static partial Regex LoggerMessageAttribute();
}
