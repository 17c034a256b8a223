using System.Reflection;

namespace Credentials.Testing;

/// <summary>
/// Finds the real-world ICAO corpus (States' Master Lists, CRLs, SODs; listed in tests/icao-vectors/manifest.tsv),
/// which the project does not redistribute. One source file, linked into every test project that reads the corpus;
/// the same order as scripts/lib/vectors.sh:
/// <list type="number">
/// <item><c>$CRED_ICAO_VECTORS</c> — a directory; the value <c>none</c> means "no corpus" (to count what skips without it);</item>
/// <item>the cache filled by <c>scripts/vectors</c>: <c>&lt;repo&gt;/.cache/icao-vectors</c>;</item>
/// <item><c>../shared/icao-vectors</c> beside the checkout (machines without internet).</item>
/// </list>
/// A file is taken from the first of those directories that holds it (the cache may hold only the publicly
/// downloadable part). When it is nowhere the test is skipped with a message naming <c>scripts/vectors</c> — or fails
/// when <c>CRED_REQUIRE_VECTORS=1</c> (CI: a missing corpus is a failure, not a skip).
/// </summary>
internal static class IcaoVectors
{
    /// <summary>Environment variable naming the corpus directory (<c>none</c>: no corpus).</summary>
    public const string DirectoryVariable = "CRED_ICAO_VECTORS";

    /// <summary>Environment variable that turns a missing corpus into a test failure.</summary>
    public const string RequireVariable = "CRED_REQUIRE_VECTORS";

    private static readonly Lazy<IReadOnlyList<string>> LazyRoots = new(FindRoots);

    /// <summary>The corpus directories in search order (existing ones only; empty when there is none).</summary>
    public static IReadOnlyList<string> Roots => LazyRoots.Value;

    /// <summary>The first corpus directory, or null.</summary>
    public static string? Root => Roots.Count > 0 ? Roots[0] : null;

    /// <summary>Whether a missing corpus fails the test instead of skipping it.</summary>
    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) is "1" or "true";

    /// <summary>The first corpus directory; skips (or fails, see <see cref="Required"/>) when there is none.</summary>
    public static string RequireRoot()
    {
        if (Root is null)
        {
            Missing("the ICAO corpus is absent");
        }

        return Root!;
    }

    /// <summary>The path of a corpus file, from the first directory that holds it; skips (or fails) when none does.</summary>
    public static string PathOf(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        RequireRoot();
        foreach (var root in Roots)
        {
            var candidate = Path.Combine([root, .. parts]);
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        Missing($"{string.Join('/', parts)} is not in the ICAO corpus ({string.Join(", ", Roots)})");
        return null!;
    }

    /// <summary>
    /// The rows of a theory over corpus files (one row per real document). Without the corpus (and without
    /// <c>CRED_REQUIRE_VECTORS=1</c>) the theory is one skipped row naming scripts/vectors instead of one skip per file:
    /// the count of skips then says how many tests did not run, not how many files are missing.
    /// </summary>
    public static IEnumerable<ITheoryDataRow> Rows(IEnumerable<ITheoryDataRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (Root is not null || Required)
        {
            return rows;
        }

        var first = rows.First();
        return [new TheoryDataRow(first.GetData()) { Skip = MissingMessage("the ICAO corpus is absent") + " (one skip for every file of this theory)" }];
    }

    /// <summary>Reads a corpus file (see <see cref="PathOf"/>).</summary>
    public static byte[] Read(params string[] parts) => File.ReadAllBytes(PathOf(parts));

    /// <summary>Skips the calling test, or fails it when the corpus is required.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Missing(string what)
    {
        var message = MissingMessage(what);
        if (Required)
        {
            Assert.Fail(message + $" {RequireVariable}=1 makes this a failure.");
        }

        Assert.Skip(message);
        throw new InvalidOperationException("unreachable: Assert.Skip throws");
    }

    private static string MissingMessage(string what) =>
        $"{what}: run scripts/vectors to fetch it, or set {DirectoryVariable} to a copy (searched: {Searched()}).";

    private static string Searched()
    {
        var variable = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrEmpty(variable))
        {
            return $"{DirectoryVariable}={variable}";
        }

        var repository = RepositoryRoot();
        return repository is null
            ? "no RepositoryRoot metadata"
            : $"{Path.Combine(repository, ".cache", "icao-vectors")}, {Path.GetFullPath(Path.Combine(repository, "..", "shared", "icao-vectors"))}";
    }

    private static string? RepositoryRoot() => typeof(IcaoVectors).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;

    private static List<string> FindRoots()
    {
        var variable = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrEmpty(variable))
        {
            // An explicit choice: that directory only ("none", or a directory that does not exist: no corpus).
            return variable != "none" && Directory.Exists(variable) ? [Path.GetFullPath(variable)] : [];
        }

        var repository = RepositoryRoot();
        if (string.IsNullOrEmpty(repository))
        {
            return [];
        }

        return new[]
            {
                Path.Combine(repository, ".cache", "icao-vectors"),
                Path.GetFullPath(Path.Combine(repository, "..", "shared", "icao-vectors")),
            }
            .Where(Directory.Exists)
            .ToList();
    }
}
