using System.Globalization;
using System.Text.Json;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.IntegrationTests.Services;

namespace Credentials.IntegrationTests.TrustAnchor;

/// <summary>
/// Issue 7, CLI: <c>credctl verify ... --server HOST:PORT</c> against the suite's trust-anchor over mTLS, with the
/// exit codes of the offline command (0 VALID/VALID_WITH_WARNINGS, 1 INVALID/INDETERMINATE, 2 usage, I/O or call
/// errors) and the same JSON shape.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class TrustAnchorCredctlVerifyTests(SuiteFixture suite)
{
    private const string Set = "pymrtd-etsi-eacaa";

    [Fact]
    public async Task CredctlVerifyServer_RealSodWithItsCscaStored_ExitZeroAndServerVerdict()
    {
        await PrepareAsync();

        var (exit, output, error) = await CredctlProcess.RunAsync([.. Arguments(DataGroupArguments()), "--json"], TestContext.Current.CancellationToken);

        Assert.True(exit == 0, $"exit {exit}: {output}{error}");
        using var json = JsonDocument.Parse(output);
        Assert.Equal("VALID_WITH_WARNINGS", json.RootElement.GetProperty("verdict").GetString());
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToList();
        Assert.Contains(checks, c => c.GetProperty("name").GetString() == "chain.csca" && c.GetProperty("status").GetString() == "pass");
        Assert.Contains(checks, c => c.GetProperty("name").GetString() == "crl.dsc" && c.GetProperty("reason").GetString() == "CRL_MISSING");
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("dsc").GetProperty("subject").GetString()));
    }

    [Fact]
    public async Task CredctlVerifyServer_DataGroupByteChanged_ExitOneInvalid()
    {
        await PrepareAsync();
        var tampered = Path.Combine(Path.GetTempPath(), $"it-credctl-dg-{Guid.NewGuid():N}.bin");
        var (number, content) = TrustVectors.ListedDataGroups(Set).OrderBy(p => p.Key).First();
        content[^1] ^= 0x01;
        await File.WriteAllBytesAsync(tampered, content, TestContext.Current.CancellationToken);
        try
        {
            var (exit, output, error) = await CredctlProcess.RunAsync(
                [.. Arguments([string.Create(CultureInfo.InvariantCulture, $"{number}={tampered}")]), "--json"], TestContext.Current.CancellationToken);

            Assert.True(exit == 1, $"exit {exit}: {output}{error}");
            using var json = JsonDocument.Parse(output);
            Assert.Equal("INVALID", json.RootElement.GetProperty("verdict").GetString());
            Assert.Contains(json.RootElement.GetProperty("checks").EnumerateArray(),
                c => c.GetProperty("name").GetString() == $"dg{number}.hash" && c.GetProperty("status").GetString() == "fail");
        }
        finally
        {
            File.Delete(tampered);
        }
    }

    [Fact]
    public async Task CredctlVerifyServer_LocalTrustMaterialOrUnreachableServer_ExitTwo()
    {
        await PrepareAsync();
        var csca = Path.Combine(TrustVectors.Set(Set), "CSCA.cer");

        var withCsca = await CredctlProcess.RunAsync([.. Arguments(DataGroupArguments()), "--csca", csca], TestContext.Current.CancellationToken);
        var unreachable = await CredctlProcess.RunAsync(
            [.. Arguments(DataGroupArguments(), endpoint: "127.0.0.1:1"), "--timeout-seconds", "5"], TestContext.Current.CancellationToken);

        Assert.True(withCsca.ExitCode == 2, $"--csca with --server: exit {withCsca.ExitCode}: {withCsca.Output}{withCsca.Error}");
        Assert.True(unreachable.ExitCode == 2, $"unreachable server: exit {unreachable.ExitCode}: {unreachable.Output}{unreachable.Error}");
        Assert.Contains("127.0.0.1:1", unreachable.Error, StringComparison.Ordinal);
    }

    /// <summary>The FR set's CSCA is in the store (the same import as the VerifyDocument tests; replays are answered from the record).</summary>
    private async Task PrepareAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        using var trustAnchor = await TrustAnchorConnection.OpenAsync(suite, "admin", ct);
        await TrustMaterialImports.ImportAllCscasAsync(trustAnchor.Client, ct);
    }

    private static string[] DataGroupArguments() =>
        [.. TrustVectors.ListedDataGroups(Set).Keys.Select(n => string.Create(CultureInfo.InvariantCulture, $"{n}={Path.Combine(TrustVectors.Set(Set), $"EF.DG{n}.bin")}"))];

    private List<string> Arguments(IEnumerable<string> dataGroups, string? endpoint = null)
    {
        var arguments = new List<string>
        {
            "verify",
            "--sod", Path.Combine(TrustVectors.Set(Set), "EF.SOD.bin"),
            "--at", TrustVectors.InsideDscValidity(Set).ToString("O", CultureInfo.InvariantCulture),
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
}
