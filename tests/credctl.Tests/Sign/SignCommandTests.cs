using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using credctl.Tests.Icao;

namespace credctl.Tests.Sign;

/// <summary>
/// <c>credctl sign ...</c> usage errors end with exit code 2 and a message on stderr, before any call leaves the
/// process: the endpoint given is a closed port, so a test that reached the network would fail with exit 1 instead.
/// (The real signing round trip runs against the suite's document-signer in Credentials.IntegrationTests,
/// DocumentSigner/SignCommandTests.)
/// </summary>
public sealed class SignCommandTests : IDisposable
{
    private const string ClosedEndpoint = "127.0.0.1:9";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("credctl-sign-tests-");

    public SignCommandTests()
    {
        // A throw-away self-signed client certificate that doubles as the CA, so the TLS material loads.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=credctl sign tests", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(DataGroupPath, [0x61, 0x03, 0x5F, 0x1F, 0x00]);
    }

    private string CertificatePath => Path.Combine(_directory.FullName, "client.crt");

    private string KeyPath => Path.Combine(_directory.FullName, "client.key");

    private string DataGroupPath => Path.Combine(_directory.FullName, "dg.bin");

    private string OutputPath => Path.Combine(_directory.FullName, "sod.bin");

    [Fact]
    public async Task SignSod_WithoutOut_ExitTwoNamingTheOption()
    {
        var (exit, _, error) = await CredctlProcess.RunAsync([.. Connection("sign", "sod"), "--dg-hash", "1=" + Hex(32), "--dg-hash", "2=" + Hex(32)]);

        Assert.Equal(2, exit);
        Assert.Contains("--out", error, StringComparison.Ordinal);
        Assert.False(File.Exists(OutputPath));
    }

    [Fact]
    public async Task SignSod_UnknownOption_ExitTwo()
    {
        var (exit, _, error) = await CredctlProcess.RunAsync([.. Connection("sign", "sod"), "--out", OutputPath, "--no-such-option", "x"]);

        Assert.Equal(2, exit);
        Assert.Contains("--no-such-option", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dg1.bin")]
    [InlineData("x=dg1.bin")]
    [InlineData("=dg1.bin")]
    public async Task SignSod_DataGroupNotNumberEqualsFile_ExitTwo(string assignment)
    {
        var (exit, output, error) = await CredctlProcess.RunAsync([.. Connection("sign", "sod"), "--out", OutputPath, "--dg", assignment]);

        Assert.True(exit == 2, $"exit {exit}: {output}{error}");
        Assert.Contains("is not N=VALUE", error, StringComparison.Ordinal);
        Assert.False(File.Exists(OutputPath));
    }

    [Fact]
    public async Task SignSod_DataGroupFileMissing_ExitTwo()
    {
        var missing = Path.Combine(_directory.FullName, "absent.bin");
        var (exit, output, error) = await CredctlProcess.RunAsync([.. Connection("sign", "sod"), "--out", OutputPath, "--dg", "1=" + missing, "--dg", "2=" + DataGroupPath]);

        Assert.True(exit == 2, $"exit {exit}: {output}{error}");
        Assert.Contains("absent.bin", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignSod_DataGroupHashNotHex_ExitTwo()
    {
        var (exit, output, error) = await CredctlProcess.RunAsync([.. Connection("sign", "sod"), "--out", OutputPath, "--dg", "1=" + DataGroupPath, "--dg-hash", "2=not-hex"]);

        Assert.True(exit == 2, $"exit {exit}: {output}{error}");
        Assert.NotEmpty(error);
    }

    [Fact]
    public async Task SignSod_UnknownHashAlgorithm_ExitTwo()
    {
        var (exit, output, error) = await CredctlProcess.RunAsync([.. Connection("sign", "sod"), "--out", OutputPath, "--hash", "sha1", "--dg", "1=" + DataGroupPath]);

        Assert.True(exit == 2, $"exit {exit}: {output}{error}");
        Assert.Contains("unknown --hash 'sha1'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignSod_ClientKeyFileMissing_ExitTwo()
    {
        var (exit, output, error) = await CredctlProcess.RunAsync(
            "sign", "sod", "--server", ClosedEndpoint, "--ca", CertificatePath, "--cert", CertificatePath, "--key", Path.Combine(_directory.FullName, "absent.key"),
            "--out", OutputPath, "--dg", "1=" + DataGroupPath);

        Assert.True(exit == 2, $"exit {exit}: {output}{error}");
    }

    [Fact]
    public async Task SignKeyCreate_WithoutDocumentType_ExitTwo()
    {
        var (exit, _, error) = await CredctlProcess.RunAsync([.. Connection("sign", "key", "create")]);

        Assert.Equal(2, exit);
        Assert.Contains("--doc-type", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignKeyCreate_UnknownKeyAlgorithm_ExitTwo()
    {
        var (exit, output, error) = await CredctlProcess.RunAsync([.. Connection("sign", "key", "create"), "--doc-type", "P", "--key-algorithm", "dsa-1024"]);

        Assert.True(exit == 2, $"exit {exit}: {output}{error}");
        Assert.Contains("unknown --key-algorithm 'dsa-1024'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignKeyList_UnknownState_ExitTwo()
    {
        var (exit, output, error) = await CredctlProcess.RunAsync([.. Connection("sign", "key", "list"), "--state", "expired"]);

        Assert.True(exit == 2, $"exit {exit}: {output}{error}");
        Assert.Contains("unknown --state 'expired'", error, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData("no-kind", "give --profile")]
    [InlineData("bad-feature", "is not TAG=text:VALUE")]
    [InlineData("bad-profile", "unknown --profile")]
    [InlineData("vds-nc-with-feature", "--vds-nc-type makes a VDS-NC")]
    [InlineData("bad-kind", "unknown --kind")]
    public async Task SealIssueAndKeyCreate_UsageErrors_ExitTwoBeforeAnyCall(string broken, string message)
    {
        string[] arguments = broken switch
        {
            "no-kind" => ["seal", "issue", "--doc-type", "V", "--country", "UTO", "--out", OutputPath],
            "bad-feature" => ["seal", "issue", "--doc-type", "V", "--country", "UTO", "--profile", "visa", "--feature", "01:VCUTO", "--out", OutputPath],
            "bad-profile" => ["seal", "issue", "--doc-type", "V", "--country", "UTO", "--profile", "passport", "--out", OutputPath],
            "vds-nc-with-feature" => ["seal", "issue", "--doc-type", "V", "--country", "UTO", "--vds-nc-type", "icao.test", "--feature", "01=hex:00", "--out", OutputPath],
            _ => ["sign", "key", "create", "--doc-type", "V", "--kind", "barcode"],
        };

        var (exit, output, error) = await CredctlProcess.RunAsync(Connection(arguments));

        Assert.True(exit == 2, $"exit {exit}: {output}{error}");
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("unreachable", error, StringComparison.Ordinal);
        Assert.False(File.Exists(OutputPath));
    }

    private static string Hex(int bytes) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes));

    private string[] Connection(params string[] command) =>
        [.. command, "--server", ClosedEndpoint, "--ca", CertificatePath, "--cert", CertificatePath, "--key", KeyPath];
}
