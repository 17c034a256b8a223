using System.Diagnostics;
using System.Globalization;
using Credentials.Bench.PassiveAuthentication;
using Credentials.Icao9303.PassiveAuthentication;

// Passive Authentications per second on one thread, chain cached, per DSC algorithm, each as a ratio to the verify
// rate `openssl speed -seconds N <alg>` reports for the same algorithm in the same run.
// Usage: dotnet run -c Release --project bench/Credentials.Bench.PassiveAuthentication [-- --seconds 3]
var seconds = 3;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--seconds")
    {
        seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    }
}

var now = TimeProvider.System.GetUtcNow();
var algorithms = new[] { "P-256", "RSA-2048", "RSA-2048-PSS", "brainpoolP256r1" };
var rows = new List<string>();
Console.WriteLine($"# Passive Authentication benchmark, {seconds} s per measurement, 1 thread, {Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
Console.WriteLine("| DSC algorithm | PA/s per CPU-second (ours) | PA/s wall clock (ours) | openssl speed verify/s | ratio | openssl alg |");
Console.WriteLine("|---|---:|---:|---:|---:|---|");
foreach (var name in algorithms)
{
    var document = BenchDocument.Create(name, now);
    if (!BenchDocument.IsDer(document.Sod))
    {
        Console.Error.WriteLine($"{name}: generated EF.SOD is not DER");
        return 1;
    }

    using var store = new PassiveAuthenticationTrustStore([document.Csca], [document.Crl]);
    using var authenticator = new PassiveAuthenticator(store);
    var request = new PassiveAuthenticationRequest { EfSod = document.Sod, DataGroups = document.DataGroups, ValidationTime = document.ValidationTime };
    var first = authenticator.Verify(request);
    if (first.Verdict != PassiveAuthenticationVerdict.Valid)
    {
        Console.Error.WriteLine($"{name}: expected VALID, got {first.Verdict}: " + string.Join("; ", first.Checks.Where(c => c.Status != CheckStatus.Pass).Select(c => $"{c.Name}={c.Reason}")));
        return 1;
    }

    // Warm-up, then measure for the same wall-clock time openssl gets.
    for (var i = 0; i < 200; i++)
    {
        authenticator.Verify(request);
    }

    var count = 0L;
    using var process = Process.GetCurrentProcess();
    var cpuStart = process.TotalProcessorTime;
    var stopwatch = Stopwatch.StartNew();
    var limit = TimeSpan.FromSeconds(seconds);
    while (stopwatch.Elapsed < limit)
    {
        for (var i = 0; i < 16; i++)
        {
            if (authenticator.Verify(request).Verdict != PassiveAuthenticationVerdict.Valid)
            {
                Console.Error.WriteLine($"{name}: verdict changed during the run");
                return 1;
            }
        }

        count += 16;
    }

    var wall = stopwatch.Elapsed.TotalSeconds;
    process.Refresh();
    var cpu = (process.TotalProcessorTime - cpuStart).TotalSeconds;

    // openssl speed counts operations per second of its own CPU time (user time); the fair comparison on a shared
    // machine is our operations per second of this process's CPU time. Wall-clock rates are printed too.
    var ours = count / cpu;
    var openssl = OpensslSpeed.VerifyPerSecond(document.OpensslAlgorithm, seconds);
    var ratio = openssl is > 0 ? (ours / openssl.Value).ToString("0.00", CultureInfo.InvariantCulture) : "n/a";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {ours:0} | {count / wall:0} | {(openssl is { } o ? o.ToString("0", CultureInfo.InvariantCulture) : "n/a")} | {ratio} | {document.OpensslAlgorithm} |"));
}

return 0;
