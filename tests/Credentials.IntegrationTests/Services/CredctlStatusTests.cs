using System.Globalization;
using System.Text.Json;

namespace Credentials.IntegrationTests.Services;

/// <summary>
/// Issue 16: <c>credctl status</c> — one screen for an operator — against the six services of the suite over mTLS:
/// every service's health and version, and each section (CSCAs and CRLs, signer keys, PKD sources, trust anchors,
/// ledger head) answered from the services' own RPCs.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class CredctlStatusTests(SuiteFixture suite)
{
    [Fact]
    public async Task Status_SuiteRunning_EveryServiceServingWithVersionAndEverySectionAnswered()
    {
        suite.RequireStack();
        var ct = TestContext.Current.CancellationToken;

        var (exit, output, error) = await CredctlProcess.RunAsync(["status", "--json"], Environment(), ct);

        Assert.True(exit == 0, $"exit {exit}: {output}{error}");
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.True(root.GetProperty("healthy").GetBoolean());
        var services = root.GetProperty("services").EnumerateArray().ToList();
        Assert.Equal(SuiteFixture.Projects.Keys.Order(StringComparer.Ordinal), services.Select(s => s.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(services, s =>
        {
            Assert.Equal("SERVING", s.GetProperty("status").GetString());
            Assert.False(string.IsNullOrWhiteSpace(s.GetProperty("version").GetString()), s.GetProperty("name").GetString());
        });
        foreach (var section in new[] { "cscas", "signerKeys", "pkd", "trustAnchor", "ledger" })
        {
            Assert.False(root.GetProperty(section).TryGetProperty("error", out var sectionError), $"{section}: {sectionError}");
        }

        Assert.True(root.GetProperty("ledger").GetProperty("intact").GetBoolean());
        Assert.True(root.GetProperty("trustAnchor").GetProperty("anchors").GetInt32() >= 0);
    }

    [Fact]
    public async Task Status_OneServiceUnreachable_ExitOneAndTheOthersStillShown()
    {
        suite.RequireStack();
        var ct = TestContext.Current.CancellationToken;
        var environment = Environment();
        environment["CRED_ENDPOINT_LEDGER"] = "127.0.0.1:1";

        var (exit, output, error) = await CredctlProcess.RunAsync(["status", "--json", "--timeout-seconds", "5"], environment, ct);

        Assert.True(exit == 1, $"exit {exit}: {output}{error}");
        using var json = JsonDocument.Parse(output);
        var services = json.RootElement.GetProperty("services").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("status").GetString());
        Assert.Equal("ERROR", services["ledger"]);
        Assert.Equal("SERVING", services["csca"]);
        Assert.True(json.RootElement.GetProperty("ledger").TryGetProperty("error", out _));
        Assert.False(json.RootElement.GetProperty("cscas").TryGetProperty("error", out _));
    }

    private Dictionary<string, string> Environment()
    {
        var environment = SuiteFixture.Projects.Keys.ToDictionary(
            s => "CRED_ENDPOINT_" + s.ToUpperInvariant().Replace('-', '_'), suite.EndpointOf, StringComparer.Ordinal);
        environment["CRED_TLS_DIR"] = suite.TlsDirectory;
        environment["CRED_RUN_DIR"] = Path.Combine(Path.GetTempPath(), "credctl-status-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture));
        return environment;
    }
}
