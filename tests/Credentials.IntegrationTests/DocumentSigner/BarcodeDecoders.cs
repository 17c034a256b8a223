using System.Diagnostics;

namespace Credentials.IntegrationTests.DocumentSigner;

/// <summary>
/// The independent barcode decoders the seal tests compare against: libdmtx's <c>dmtxread</c> (DataMatrix) and ZBar's
/// <c>zbarimg</c> (QR), installed by <c>scripts/infra</c>.
/// </summary>
internal static class BarcodeDecoders
{
    /// <summary>The bytes dmtxread reads from a DataMatrix picture.</summary>
    public static Task<byte[]> DataMatrixAsync(byte[] png) => RunAsync("dmtxread", png, "--stop-after=1");

    /// <summary>The bytes zbarimg reads from a QR picture (its trailing newline removed).</summary>
    public static async Task<byte[]> QrAsync(byte[] png)
    {
        var bytes = await RunAsync("zbarimg", png, "--raw", "--quiet", "-Sbinary");
        return bytes.Length > 0 && bytes[^1] == (byte)'\n' ? bytes[..^1] : bytes;
    }

    private static async Task<byte[]> RunAsync(string tool, byte[] png, params string[] arguments)
    {
        var path = Environment.GetEnvironmentVariable("PATH")?.Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
        Assert.SkipWhen(path is null, $"{tool} is not installed (scripts/infra installs dmtx-utils and zbar-tools)");
        var file = Path.Combine(Path.GetTempPath(), $"seal-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(file, png, TestContext.Current.CancellationToken);
        try
        {
            var start = new ProcessStartInfo(path!) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.ArgumentList.Add(file);
            using var process = Process.Start(start)!;
            using var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output, TestContext.Current.CancellationToken);
            var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await copy;
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(process.ExitCode == 0, $"{tool} exited {process.ExitCode}: {error}");
            return output.ToArray();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
