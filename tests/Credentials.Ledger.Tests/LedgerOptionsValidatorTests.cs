using System.Text.Json;
using Credentials.Ledger.Options;
using Credentials.Outbox;

namespace Credentials.Ledger.Tests;

public sealed class LedgerOptionsValidatorTests
{
    [Fact]
    public void Validate_ShippedAppsettingsTopics_Succeeds()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Credentials.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("Credentials.sln not found above the test assembly.");
        }

        var path = Path.Combine(root.FullName, "services", "Credentials.Ledger", "appsettings.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var topics = json.RootElement.GetProperty("Ledger").GetProperty("Topics").EnumerateArray().Select(t => t.GetString()!).ToArray();

        var result = new LedgerOptionsValidator().Validate(null, new LedgerOptions { Topics = topics });

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(EventTopics.ServiceTopics.Order(StringComparer.Ordinal), topics.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_TestTopicListed_Fails()
    {
        var result = new LedgerOptionsValidator().Validate(null, new LedgerOptions { Topics = [EventTopics.DocumentSigner, "credentials.tests.v1.events"] });

        Assert.True(result.Failed);
        Assert.Contains("credentials.tests.v1.events", result.FailureMessage, StringComparison.Ordinal);
    }
}
