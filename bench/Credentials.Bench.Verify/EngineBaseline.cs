using System.Diagnostics;
using Credentials.Icao9303.PassiveAuthentication;

namespace Credentials.Bench.Verify;

/// <summary>
/// The baseline of the VerifyDocument figures: the Passive Authentication engine alone on the bench document, one
/// thread, verifications per CPU-second of this process (after a warm-up), measured in the same run.
/// </summary>
internal static class EngineBaseline
{
    public static double PerCpuSecond(VerifyBenchDocument document, DateTimeOffset validationTime)
    {
        using var store = new PassiveAuthenticationTrustStore([document.Csca], [document.Crl]);
        using var authenticator = new PassiveAuthenticator(store);
        var request = new PassiveAuthenticationRequest { EfSod = document.Sod, DataGroups = document.DataGroups.ToDictionary(p => p.Key, p => (ReadOnlyMemory<byte>)p.Value), ValidationTime = validationTime };
        if (authenticator.Verify(request).Verdict != PassiveAuthenticationVerdict.Valid)
        {
            throw new InvalidOperationException("the bench document does not verify VALID in the engine");
        }

        // Warm-up counted in CPU time (tiered JIT must finish; on a loaded machine a wall-clock warm-up may get almost
        // no CPU), at most 20 s of wall-clock time.
        using var process = Process.GetCurrentProcess();
        var warmupStart = process.TotalProcessorTime;
        var warmupWatch = Stopwatch.StartNew();
        do
        {
            Run(authenticator, request, TimeSpan.FromMilliseconds(50));
            process.Refresh();
        }
        while (process.TotalProcessorTime - warmupStart < TimeSpan.FromSeconds(1.5) && warmupWatch.Elapsed < TimeSpan.FromSeconds(20));

        var cpuStart = process.TotalProcessorTime;
        var count = Run(authenticator, request, TimeSpan.FromSeconds(3));
        process.Refresh();
        return count / (process.TotalProcessorTime - cpuStart).TotalSeconds;
    }

    private static long Run(PassiveAuthenticator authenticator, PassiveAuthenticationRequest request, TimeSpan limit)
    {
        var count = 0L;
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < limit)
        {
            authenticator.Verify(request);
            count++;
        }

        return count;
    }
}
