using System.Diagnostics;
using System.Globalization;
using Credentials.Icao9303;
using Credentials.Icao9303.Cms;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Pkd;

namespace Credentials.Bench.PassiveAuthentication;

/// <summary>
/// Decodes the public key of every CSCA in the real DE and NL CSCA Master Lists (<c>../shared/icao-vectors/master-lists</c>)
/// with <see cref="VerificationKey.FromSubjectPublicKeyInfo"/>, as the trust-anchor service does when it rebuilds its
/// snapshot, and reports the time for named-curve, explicit-parameter and RSA keys. Skipped when the vectors are absent.
/// </summary>
internal static class KeyDecodingBench
{
    public static int Run(string? vectorsOption, int passes)
    {
        var directory = FindMasterLists(vectorsOption);
        if (directory is null)
        {
            Console.WriteLine("# Key decoding: skipped (../shared/icao-vectors/master-lists not found; pass --vectors DIR)");
            return 0;
        }

        // The union of the CSCA certificates of every DE and NL list, each distinct key once.
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var files = Directory.GetFiles(directory)
            .Where(f => Path.GetFileName(f).StartsWith("DE_", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("NL_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var file in files)
        {
            try
            {
                var cms = CmsSignedData.Decode(File.ReadAllBytes(file));
                var list = CscaMasterList.Decode(cms.EContent ?? ReadOnlyMemory<byte>.Empty);
                foreach (var certificate in list.Certificates)
                {
                    keys.TryAdd(Convert.ToHexString(certificate.SubjectPublicKeyInfo.Span), certificate.SubjectPublicKeyInfo.ToArray());
                }
            }
            catch (Icao9303FormatException ex)
            {
                Console.Error.WriteLine($"# {Path.GetFileName(file)}: not decoded ({ex.Reason})");
            }
        }

        Console.WriteLine($"# Key decoding: {keys.Count} distinct CSCA keys from {files.Count} DE/NL Master Lists, {passes} passes, 1 thread");
        Console.WriteLine("| key kind | keys | CPU ms (best pass) | CPU µs per key |");
        Console.WriteLine("|---|---:|---:|---:|");
        var kinds = new Dictionary<string, (int Count, double BestMs)>(StringComparer.Ordinal);
        var failures = 0;
        var total = double.MaxValue;
        for (var pass = 0; pass < passes; pass++)
        {
            var perKind = new Dictionary<string, (int Count, double Ms)>(StringComparer.Ordinal);
            var passStart = ProcessCpu();
            failures = 0;
            foreach (var spki in keys.Values)
            {
                var start = ProcessCpu();
                string kind;
                try
                {
                    using var key = VerificationKey.FromSubjectPublicKeyInfo(spki);
                    kind = key.IsRsa ? "RSA" : key.HasExplicitParameters ? (key.CurveName is null ? "EC explicit, unknown curve" : "EC explicit, known curve") : "EC named curve";
                }
                catch (Icao9303FormatException)
                {
                    kind = "rejected";
                    failures++;
                }

                var ms = (ProcessCpu() - start).TotalMilliseconds;
                perKind[kind] = perKind.TryGetValue(kind, out var sum) ? (sum.Count + 1, sum.Ms + ms) : (1, ms);
            }

            total = Math.Min(total, (ProcessCpu() - passStart).TotalMilliseconds);
            foreach (var (kind, value) in perKind)
            {
                kinds[kind] = kinds.TryGetValue(kind, out var best) ? (value.Count, Math.Min(best.BestMs, value.Ms)) : value;
            }
        }

        foreach (var (kind, value) in kinds.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {kind} | {value.Count} | {value.BestMs:0.0} | {value.BestMs * 1000 / value.Count:0} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SUMMARY key-decoding keys={keys.Count} cpu_ms={total:0.0} cpu_us_per_key={total * 1000 / Math.Max(1, keys.Count):0} rejected={failures} load=\"{Load.Average()}\""));
        return 0;
    }

    // CPU time of this process (the decoding is single-threaded; GC and JIT threads count too): on a shared machine
    // wall-clock time mostly measures the other processes' load.
    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static string? FindMasterLists(string? option)
    {
        if (option is not null)
        {
            var given = Path.Combine(option, "master-lists");
            return Directory.Exists(given) ? given : Directory.Exists(option) && Path.GetFileName(option) == "master-lists" ? option : null;
        }

        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "icao-vectors", "master-lists"));
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
