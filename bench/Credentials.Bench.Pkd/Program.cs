using System.Diagnostics;
using System.Globalization;
using Credentials.Bench.Pkd;

// credentials-bench-pkd: generate a PKD-sized synthetic LDIF (if absent) and time parsing + verifying every signature.
//   dotnet run -c Release --project bench/Credentials.Bench.Pkd -- [--file PATH] [--dscs 30000] [--crls 300] [--mls 200]
//                                                                  [--regenerate] [--workers N]
var options = ParseArguments(args);
var path = options.GetValueOrDefault("--file") ?? Path.Combine(Path.GetTempPath(), "credentials-bench-pkd.ldif");
var dscs = int.Parse(options.GetValueOrDefault("--dscs") ?? "30000", CultureInfo.InvariantCulture);
var crls = int.Parse(options.GetValueOrDefault("--crls") ?? "300", CultureInfo.InvariantCulture);
var mls = int.Parse(options.GetValueOrDefault("--mls") ?? "200", CultureInfo.InvariantCulture);
var workers = int.Parse(options.GetValueOrDefault("--workers") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

if (!File.Exists(path) || options.ContainsKey("--regenerate"))
{
    Console.WriteLine($"generating {path}: {dscs} DSCs, {crls} CRLs, {mls} Master Lists ...");
    var generation = Stopwatch.StartNew();
    await new SyntheticPkdGenerator(dscs, crls, mls).GenerateAsync(path, cancellation.Token);
    Console.WriteLine($"generated in {generation.Elapsed.TotalSeconds:0.0} s");
}

// Measure the verification pass in a clean state: the generator's garbage must not count as peak memory.
GC.Collect();
GC.WaitForPendingFinalizers();
GC.Collect();
var size = new FileInfo(path).Length;
var startCpu = Process.GetCurrentProcess().TotalProcessorTime;
var stopwatch = Stopwatch.StartNew();
var summary = await new PkdLdifVerifier().RunAsync(path, workers, cancellation.Token);
stopwatch.Stop();
using var process = Process.GetCurrentProcess();
var cpu = process.TotalProcessorTime - startCpu;

Console.WriteLine($"file              {path} ({size / 1024.0 / 1024.0:0.0} MiB)");
Console.WriteLine($"records           {summary.Entries}");
Console.WriteLine($"master lists      {summary.MasterListsValid}/{summary.MasterLists} valid");
Console.WriteLine($"distinct CSCAs    {summary.DistinctCscasValid}/{summary.DistinctCscas} valid (self-signed or link)");
Console.WriteLine($"DSCs              {summary.DscsValid}/{summary.Dscs} valid");
Console.WriteLine($"CRLs              {summary.CrlsValid}/{summary.Crls} valid ({summary.RevokedEntries} revoked entries)");
Console.WriteLine($"signatures        {summary.Signatures}");
foreach (var (reason, count) in summary.Failures)
{
    Console.WriteLine($"failure           {reason} x{count}");
}

Console.WriteLine($"wall time         {stopwatch.Elapsed.TotalSeconds:0.00} s ({size / 1024.0 / 1024.0 / stopwatch.Elapsed.TotalSeconds:0.0} MiB/s, {summary.Signatures / stopwatch.Elapsed.TotalSeconds:0} signatures/s, {workers} workers)");
Console.WriteLine($"CPU time          {cpu.TotalSeconds:0.00} s");
Console.WriteLine($"peak working set  {process.PeakWorkingSet64 / 1024.0 / 1024.0:0} MiB (process, whole run)");
Console.WriteLine($"GC heap           {GC.GetTotalMemory(false) / 1024.0 / 1024.0:0} MiB now, {GC.GetGCMemoryInfo().HeapSizeBytes / 1024.0 / 1024.0:0} MiB at the last GC, {GC.GetTotalAllocatedBytes() / 1024.0 / 1024.0 / 1024.0:0.0} GiB allocated in total");
// The baseline of the PKD sync figures (issue 18): the same file's verification pass alone, in the same run.
Credentials.Bench.BenchResult.Print(
    $"PKD file verification pass alone ({summary.Signatures:#,0} signatures, {workers} workers)",
    string.Create(CultureInfo.InvariantCulture, $"{stopwatch.Elapsed.TotalSeconds:0.0} s wall, {cpu.TotalSeconds:0.0} s CPU, {process.PeakWorkingSet64 / 1024.0 / 1024.0:0} MiB"),
    "—", null, "baseline of the PKD sync rows", null);
if (Environment.GetEnvironmentVariable("CRED_BENCH_PKD_VERIFY_SECONDS_FILE") is { Length: > 0 } baselineFile)
{
    await File.WriteAllTextAsync(baselineFile, stopwatch.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture));
}

return summary.AllValid ? 0 : 1;

static Dictionary<string, string?> ParseArguments(string[] args)
{
    var result = new Dictionary<string, string?>(StringComparer.Ordinal);
    for (var i = 0; i < args.Length; i++)
    {
        if (args[i] == "--regenerate")
        {
            result[args[i]] = null;
        }
        else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
        {
            result[args[i]] = args[++i];
        }
    }

    return result;
}
