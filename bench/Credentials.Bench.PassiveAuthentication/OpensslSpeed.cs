using System.Diagnostics;
using System.Globalization;

namespace Credentials.Bench.PassiveAuthentication;

/// <summary>Runs <c>openssl speed -mr -seconds N ALG</c> and reads the verify rate from its machine-readable summary.</summary>
internal static class OpensslSpeed
{
    /// <summary>Verify operations per second, or null when openssl is not available.</summary>
    public static double? VerifyPerSecond(string algorithm, int seconds)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "speed", "-mr", "-seconds", seconds.ToString(CultureInfo.InvariantCulture), algorithm })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            _ = stderr.Result;

            // "+F2:<n>:<bits>:<sign/s>:<verify/s>" for RSA, "+F4:..." for ECDSA.
            foreach (var line in output.Split('\n'))
            {
                if (line.StartsWith("+F2:", StringComparison.Ordinal) || line.StartsWith("+F4:", StringComparison.Ordinal))
                {
                    var fields = line.Trim().Split(':');
                    return double.Parse(fields[^1], CultureInfo.InvariantCulture);
                }
            }

            return null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
