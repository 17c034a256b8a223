using Credentials.Outbox.Kafka;
using Credentials.Outbox.Postgres;
using Credentials.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Credentials.Outbox.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public void AddOutboxAndKafka_EmptyConfiguration_FailValidation()
    {
        using var provider = Build(new Dictionary<string, string?>());
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OutboxOptions>>().Value);
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<KafkaOptions>>().Value);
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PostgresOptions>>().Value);
    }

    [Fact]
    public void AddOutboxAndKafka_CompleteConfiguration_BindsSections()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Outbox:Schema"] = "signer",
            ["Outbox:BatchSize"] = "250",
            ["Kafka:BootstrapServers"] = "127.0.0.1:9092",
            ["Kafka:Properties:socket.keepalive.enable"] = "true",
            ["Postgres:ConnectionString"] = "Host=127.0.0.1;Username=postgres;Password=x;Database=credentials",
            ["Postgres:Schema"] = "signer",
        });
        Assert.Equal(250, provider.GetRequiredService<IOptions<OutboxOptions>>().Value.BatchSize);
        Assert.Equal("true", provider.GetRequiredService<IOptions<KafkaOptions>>().Value.Properties["socket.keepalive.enable"]);
        Assert.NotNull(provider.GetRequiredService<OutboxWriter>());
        Assert.NotNull(provider.GetRequiredService<InboxProcessor>());
        Assert.Same(provider.GetRequiredService<InboxProcessor>(), provider.GetRequiredService<IInbox<InboxTransaction>>());
        Assert.NotNull(provider.GetRequiredService<KafkaInboxConsumer<InboxTransaction>>());
        Assert.Equal("signer", provider.GetRequiredService<Npgsql.NpgsqlDataSource>().ConnectionString.Split(';')
            .Select(part => part.Split('=', 2))
            .Single(pair => pair[0].Equals("Search Path", StringComparison.OrdinalIgnoreCase))[1]);
    }

    private static ServiceProvider Build(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(KafkaValidation.HostEnvironment("Development"))
            .AddLogging()
            .AddPostgresStorage()
            .AddOutbox()
            .AddKafkaEvents()
            .BuildServiceProvider();
    }
}
