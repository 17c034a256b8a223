using System.Diagnostics;
using System.Globalization;
using Credentials.Bench.PassiveAuthentication;
using Credentials.Icao9303.PassiveAuthentication;

// Passive Authentications per second on one thread, chain cached, per DSC algorithm, each as a ratio to the verify
// rate `openssl speed -seconds N <alg>` reports for the same algorithm in the same run (for RSA-PSS, which openssl speed
// does not offer, OpenSSL's PSS verification on a prepared key: OpensslRsaVerify); then the decoding time of every
// CSCA key in the real DE and NL Master Lists (skipped when ../shared/icao-vectors is absent).
// Then seal verifications (VDS and VDS-NC, P-256) per CPU-second against `openssl speed ecdsap256` (SealBench).
// Usage: dotnet run -c Release --project bench/Credentials.Bench.PassiveAuthentication [-- --seconds 3 --warmup 2 --only pa|keys|seal|breakdown --vectors DIR --passes 3 --algorithms RSA-2048,RSA-2048-PSS]
// (--only breakdown: a diagnostic, never part of the default run: time and bytes allocated per call of each stage of one
// Passive Authentication for the first of --algorithms, see Breakdown.cs)
// (--warmup: CPU-seconds of warm-up per algorithm; --passes: key-decoding passes, the best is reported)
// Prints one "SUMMARY" line per algorithm and one for key decoding.
var seconds = 3;
var warmup = 2;
var passes = 3;
string? only = null;
string? vectors = null;
string[] algorithms = ["P-256", "RSA-2048", "RSA-2048-PSS", "brainpoolP256r1"];
for (var i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--seconds":
            seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        case "--warmup":
            warmup = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        case "--passes":
            passes = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        case "--only":
            only = args[i + 1];
            break;
        case "--vectors":
            vectors = args[i + 1];
            break;
        case "--algorithms":
            algorithms = args[i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            break;
    }
}

if (only == "breakdown")
{
    Breakdown.Run(algorithms[0]);
    return 0;
}

if (only is null or "pa")
{
    var status = PassiveAuthenticationBench(seconds, warmup, algorithms);
    if (status != 0)
    {
        return status;
    }
}

if (only is null or "seal")
{
    var status = SealBench.Run(seconds, warmup);
    if (status != 0)
    {
        return status;
    }
}

return only is null or "keys" ? KeyDecodingBench.Run(vectors, passes) : 0;

static int PassiveAuthenticationBench(int seconds, int warmup, string[] algorithms)
{
    var now = TimeProvider.System.GetUtcNow();
    var summaries = new List<string>();
    Console.WriteLine($"# Passive Authentication benchmark, {seconds} s per measurement after {warmup} CPU-seconds of warm-up, 1 thread, {Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
    Console.WriteLine("| DSC algorithm | PA/s per CPU-second (ours) | PA/s wall clock (ours) | openssl speed verify/s | ratio | openssl alg | load average |");
    Console.WriteLine("|---|---:|---:|---:|---:|---|---|");
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

        // Warm-up long enough for tiered JIT compilation to finish (openssl is compiled ahead of time): `warmup`
        // seconds of this process's CPU time, since on a loaded machine a wall-clock warm-up may get almost no CPU.
        // Then measure for the same wall-clock time openssl gets.
        if (!WarmUp(authenticator, request, TimeSpan.FromSeconds(warmup)))
        {
            Console.Error.WriteLine($"{name}: verdict changed during the warm-up");
            return 1;
        }

        using var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var allocatedStart = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();
        var count = Run(authenticator, request, TimeSpan.FromSeconds(seconds));
        var wall = stopwatch.Elapsed.TotalSeconds;
        var allocatedPerPa = count > 0 ? (GC.GetAllocatedBytesForCurrentThread() - allocatedStart) / count : 0;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuStart).TotalSeconds;
        if (count < 0)
        {
            Console.Error.WriteLine($"{name}: verdict changed during the run");
            return 1;
        }

        // openssl speed counts operations per second of its own CPU time (user time); the fair comparison on a shared
        // machine is our operations per second of this process's CPU time (every thread, GC included). Wall-clock
        // rates are printed too.
        var ours = count / cpu;
        var opensslSpeed = OpensslSpeed.VerifyPerSecond(document.OpensslAlgorithm, seconds);
        var openssl = opensslSpeed;
        var baselineText = opensslSpeed is { } speed ? $"openssl speed {document.OpensslAlgorithm} " + Credentials.Bench.BenchResult.Rate(speed, "verify/s") : "n/a";
        if (name == "RSA-2048-PSS")
        {
            // openssl speed (OpenSSL 3.0) has no PSS mode: its rsa2048 figure is PKCS#1 v1.5. The baseline of this row is
            // OpenSSL's PSS verification itself (OpensslRsaVerify); the same harness with PKCS#1 v1.5 is shown beside
            // openssl speed rsa2048 to check the harness against OpenSSL's own.
            var pss = OpensslRsaVerify.VerifyPerSecond(seconds, pss: true);
            var pkcs1 = OpensslRsaVerify.VerifyPerSecond(seconds, pss: false);
            openssl = pss;
            baselineText = pss is { } p
                ? "OpenSSL RSA-2048-PSS EVP_PKEY_verify " + Credentials.Bench.BenchResult.Rate(p, "verify/s")
                    + (pkcs1 is { } k ? " (same loop PKCS#1 v1.5 " + Credentials.Bench.BenchResult.Rate(k, "verify/s") + ", " + baselineText + ")" : string.Empty)
                : "n/a";
        }

        var load = Load.Average();
        var ratio = openssl is > 0 ? (ours / openssl.Value).ToString("0.00", CultureInfo.InvariantCulture) : "n/a";
        var opensslText = openssl is { } o ? o.ToString("0", CultureInfo.InvariantCulture) : "n/a";
        var opensslName = name == "RSA-2048-PSS" ? "EVP RSA-2048-PSS (openssl speed has no PSS)" : document.OpensslAlgorithm;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {ours:0} | {count / wall:0} | {opensslText} | {ratio} | {opensslName} | {load} |"));
        summaries.Add(string.Create(CultureInfo.InvariantCulture,
            $"SUMMARY pa {name} ratio={ratio} ours_per_cpu_s={ours:0} ours_per_wall_s={count / wall:0} openssl_verify_s={opensslText} openssl_alg={opensslName.Split(' ')[0]} allocated_per_pa={allocatedPerPa} load=\"{load}\""));
        // Goals of issue 18 (ratio to openssl speed verify of the same algorithm, per CPU-second).
        var goal = name switch { "P-256" => 0.85, "brainpoolP256r1" => 0.9, _ => 0.75 };
        double? ratioValue = openssl is > 0 ? ours / openssl.Value : null;
        Credentials.Bench.BenchResult.Print(
            $"Passive Authentication, {name} DSC (per CPU-second)", Credentials.Bench.BenchResult.Rate(ours, "PA/s"),
            baselineText,
            ratioValue, string.Create(CultureInfo.InvariantCulture, $"≥ {goal:0.00} of OpenSSL"), ratioValue is { } rv ? rv >= goal : null);
    }

    foreach (var summary in summaries)
    {
        Console.WriteLine(summary);
    }

    return 0;
}

// Runs verifications until the process has used `cpu` of CPU time (at most 20 times that in wall-clock time); false
// when a verdict was not VALID.
static bool WarmUp(PassiveAuthenticator authenticator, PassiveAuthenticationRequest request, TimeSpan cpu)
{
    using var process = Process.GetCurrentProcess();
    var start = process.TotalProcessorTime;
    var stopwatch = Stopwatch.StartNew();
    do
    {
        if (Run(authenticator, request, TimeSpan.FromMilliseconds(50)) < 0)
        {
            return false;
        }

        process.Refresh();
    }
    while (process.TotalProcessorTime - start < cpu && stopwatch.Elapsed < cpu * 20);
    return true;
}

// Verifications done in the given time, or -1 when a verdict was not VALID.
static long Run(PassiveAuthenticator authenticator, PassiveAuthenticationRequest request, TimeSpan limit)
{
    var count = 0L;
    var stopwatch = Stopwatch.StartNew();
    while (stopwatch.Elapsed < limit)
    {
        for (var i = 0; i < 16; i++)
        {
            if (authenticator.Verify(request).Verdict != PassiveAuthenticationVerdict.Valid)
            {
                return -1;
            }
        }

        count += 16;
    }

    return count;
}
