using System.Globalization;
using System.Text.Json;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.IntegrationTests.Services;

namespace Credentials.IntegrationTests.TrustAnchor;

/// <summary>
/// Issue 7, CLI: <c>credctl verify ... --server HOST:PORT</c> against the suite's trust-anchor over mTLS, with the
/// exit codes of the offline command (0 VALID/VALID_WITH_WARNINGS, 1 INVALID/INDETERMINATE, 2 usage, I/O or call
/// errors) and the same JSON shape. The passport is made at test time (a CSCA of the test, imported; a Document Signer
/// under it; an EF.SOD over DG1): these tests are about the command and the call, not about a State's document.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class TrustAnchorCredctlVerifyTests(SuiteFixture suite)
{
    [Fact]
    public async Task CredctlVerifyServer_SodWithItsCscaStored_ExitZeroAndServerVerdict()
    {
        using var passport = await PassportFiles.CreateAsync(suite, "verify", TestContext.Current.CancellationToken);

        var (exit, output, error) = await CredctlProcess.RunAsync([.. Arguments(passport, [passport.DataGroup1]), "--json"], TestContext.Current.CancellationToken);

        Assert.True(exit == 0, $"exit {exit}: {output}{error}");
        using var json = JsonDocument.Parse(output);
        Assert.Equal("VALID_WITH_WARNINGS", json.RootElement.GetProperty("verdict").GetString());
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToList();
        Assert.Contains(checks, c => c.GetProperty("name").GetString() == "chain.csca" && c.GetProperty("status").GetString() == "pass");
        Assert.Contains(checks, c => c.GetProperty("name").GetString() == "sod.signature" && c.GetProperty("status").GetString() == "pass");
        Assert.Contains(checks, c => c.GetProperty("name").GetString() == "crl.dsc" && c.GetProperty("reason").GetString() == "CRL_MISSING");
        Assert.Contains("DS credctl verify", json.RootElement.GetProperty("dsc").GetProperty("subject").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredctlVerifyServer_DataGroupByteChanged_ExitOneInvalid()
    {
        var ct = TestContext.Current.CancellationToken;
        using var passport = await PassportFiles.CreateAsync(suite, "tampered", ct);
        var content = await File.ReadAllBytesAsync(passport.DataGroup1Path, ct);
        content[^1] ^= 0x01;
        var tampered = passport.Write("EF.DG1-tampered.bin", content);

        var (exit, output, error) = await CredctlProcess.RunAsync([.. Arguments(passport, ["1=" + tampered]), "--json"], ct);

        Assert.True(exit == 1, $"exit {exit}: {output}{error}");
        using var json = JsonDocument.Parse(output);
        Assert.Equal("INVALID", json.RootElement.GetProperty("verdict").GetString());
        Assert.Contains(json.RootElement.GetProperty("checks").EnumerateArray(),
            c => c.GetProperty("name").GetString() == "dg1.hash" && c.GetProperty("status").GetString() == "fail");
    }

    [Fact]
    public async Task CredctlVerifyServer_LocalTrustMaterialOrUnreachableServer_ExitTwo()
    {
        var ct = TestContext.Current.CancellationToken;
        using var passport = await PassportFiles.CreateAsync(suite, "exit-two", ct);
        var csca = passport.Write("CSCA.cer", passport.Issuer.Csca.RawData);

        var withCsca = await CredctlProcess.RunAsync([.. Arguments(passport, [passport.DataGroup1]), "--csca", csca], ct);
        var unreachable = await CredctlProcess.RunAsync(
            [.. Arguments(passport, [passport.DataGroup1], endpoint: "127.0.0.1:1"), "--timeout-seconds", "5"], ct);

        Assert.True(withCsca.ExitCode == 2, $"--csca with --server: exit {withCsca.ExitCode}: {withCsca.Output}{withCsca.Error}");
        Assert.True(unreachable.ExitCode == 2, $"unreachable server: exit {unreachable.ExitCode}: {unreachable.Output}{unreachable.Error}");
        Assert.Contains("127.0.0.1:1", unreachable.Error, StringComparison.Ordinal);
    }

    private List<string> Arguments(PassportFiles passport, IEnumerable<string> dataGroups, string? endpoint = null)
    {
        var arguments = new List<string>
        {
            "verify",
            "--sod", passport.SodPath,
            "--at", passport.ValidationTime.ToString("O", CultureInfo.InvariantCulture),
            "--server", endpoint ?? suite.EndpointOf("trust-anchor"),
            "--ca", Path.Combine(suite.TlsDirectory, "ca.crt"),
            "--cert", Path.Combine(suite.TlsDirectory, "relying-party.crt"),
            "--key", Path.Combine(suite.TlsDirectory, "relying-party.key"),
        };
        foreach (var dataGroup in dataGroups)
        {
            arguments.Add("--dg");
            arguments.Add(dataGroup);
        }

        return arguments;
    }

    /// <summary>A passport made now, its CSCA imported into trust-anchor, EF.SOD and DG1 written to a temporary folder.</summary>
    private sealed class PassportFiles : IDisposable
    {
        private readonly string _directory;

        private PassportFiles(TestIssuer issuer, string directory, VerifyDocumentRequest request)
        {
            Issuer = issuer;
            _directory = directory;
            ValidationTime = request.ValidationTime.ToDateTimeOffset();
            SodPath = Write("EF.SOD.bin", request.SecurityObject.ToByteArray());
            DataGroup1Path = Write("EF.DG1.bin", request.DataGroups.Single(g => g.Number == 1).Content.ToByteArray());
        }

        public TestIssuer Issuer { get; }

        public DateTimeOffset ValidationTime { get; }

        public string SodPath { get; }

        public string DataGroup1Path { get; }

        /// <summary>The <c>--dg</c> value of the genuine DG1.</summary>
        public string DataGroup1 => "1=" + DataGroup1Path;

        public static async Task<PassportFiles> CreateAsync(SuiteFixture suite, string label, CancellationToken ct)
        {
            var run = Guid.NewGuid().ToString("N")[..12];
            var issuer = new TestIssuer($"credctl {label} {run}");
            using (var trustAnchor = await TrustAnchorConnection.OpenAsync(suite, "admin", ct))
            {
                await TrustMaterialImports.ImportCscaAsync(trustAnchor.Client, issuer.Csca.RawData, $"credctl verify {label}", ct);
            }

            var directory = Path.Combine(Path.GetTempPath(), $"it-credctl-{run}");
            Directory.CreateDirectory(directory);
            return new PassportFiles(issuer, directory, TestPassport.Request(issuer.DsKey, issuer.Dsc.RawData, DateTimeOffset.UtcNow.AddMinutes(-2)));
        }

        public string Write(string name, byte[] content)
        {
            var path = Path.Combine(_directory, name);
            File.WriteAllBytes(path, content);
            return path;
        }

        public void Dispose()
        {
            Issuer.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
