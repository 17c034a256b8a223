using Credentials.IntegrationTests.Stack;
using StackExchange.Redis;

namespace Credentials.IntegrationTests.Infrastructure;

/// <summary>Redis of the local stack over TLS with StackExchange.Redis.</summary>
public sealed class RedisTlsTests
{
    [Fact]
    public async Task Ping_OverTlsTrustingStackCa_Answers()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var options = ConfigurationOptions.Parse(stack.RedisConfiguration);
        options.TrustIssuer(stack.RedisCaPath);
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 10_000;

        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var database = redis.GetDatabase();
        var latency = await database.PingAsync();
        var key = new RedisKey("credentials:tests:" + Guid.NewGuid().ToString("N"));
        await database.StringSetAsync(key, "value", TimeSpan.FromMinutes(1));
        var value = await database.StringGetAsync(key);
        await database.KeyDeleteAsync(key);

        Assert.True(options.Ssl);
        Assert.True(latency < TimeSpan.FromSeconds(5));
        Assert.Equal("value", value.ToString());
    }

    [Fact]
    public async Task Connect_WithoutTrustingStackCa_Fails()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var options = ConfigurationOptions.Parse(stack.RedisConfiguration);
        options.TrustIssuer(stack.TlsFile("foreign-ca.crt"));
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 3_000;
        options.ConnectRetry = 0;

        await Assert.ThrowsAsync<RedisConnectionException>(async () =>
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        });
    }
}
