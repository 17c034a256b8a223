using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Credentials.Testing;

/// <summary>
/// Runs the openssl binary as an independent oracle over files in a temporary folder. One source file, compiled into
/// each test project that needs it (tests/Shared, linked by the project file).
/// </summary>
internal sealed class OpenSsl : IDisposable
{
    private readonly string _directory;

    private OpenSsl(string directory) => _directory = directory;

    /// <summary>Creates a workspace, or skips the test when no openssl binary is on PATH.</summary>
    public static OpenSsl Create()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, "openssl")));
        if (!onPath)
        {
            Assert.Skip("The openssl binary is not on PATH; it is the independent verifier of these tests.");
        }

        var directory = Path.Combine(Path.GetTempPath(), "credentials-openssl-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return new OpenSsl(directory);
    }

    /// <summary>Writes a DER certificate as PEM and returns its path.</summary>
    public string WriteCertificate(string name, byte[] der)
    {
        var path = Path.Combine(_directory, name + ".pem");
        File.WriteAllText(path, PemEncoding.WriteString("CERTIFICATE", der));
        return path;
    }

    /// <summary>Writes raw bytes and returns the path.</summary>
    public string WriteFile(string name, byte[] content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Reads a file of the workspace (one openssl wrote).</summary>
    public byte[] ReadFile(string name) => File.ReadAllBytes(Path.Combine(_directory, name));

    /// <summary>Runs openssl and returns the exit code and the combined output.</summary>
    public (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }

    /// <summary>Asserts that <c>openssl verify -CAfile anchor [-untrusted chain] leaf</c> succeeds.</summary>
    public void AssertVerifies(byte[] anchor, byte[] leaf, string label, byte[]? untrusted = null)
    {
        var caFile = WriteCertificate(label + "-ca", anchor);
        var leafFile = WriteCertificate(label, leaf);
        var arguments = new List<string> { "verify", "-x509_strict", "-CAfile", caFile };
        if (untrusted is not null)
        {
            arguments.AddRange(["-untrusted", WriteCertificate(label + "-untrusted", untrusted)]);
        }

        arguments.Add(leafFile);
        var (code, output) = Run([.. arguments]);
        Assert.True(code == 0 && output.Contains(": OK", StringComparison.Ordinal), $"openssl verify {label}: exit {code}: {output}");
    }

    /// <summary>Asserts that <c>openssl crl -CAfile anchor</c> verifies the CRL signature.</summary>
    public string AssertCrlVerifies(byte[] anchor, byte[] crlDer, string label)
    {
        var caFile = WriteCertificate(label + "-ca", anchor);
        var crlFile = WriteFile(label + ".crl", crlDer);
        var (code, output) = Run("crl", "-inform", "DER", "-in", crlFile, "-CAfile", caFile, "-noout", "-text");
        Assert.True(code == 0 && output.Contains("verify OK", StringComparison.Ordinal), $"openssl crl {label}: exit {code}: {output}");
        return output;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
