using System.Globalization;
using Credentials.TrustAnchor.Application;
using Credentials.TrustAnchor.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Credentials.TrustAnchor.Infrastructure;

/// <summary>
/// Redis cache of the trust material (key <c>&lt;prefix&gt;material:&lt;version&gt;</c>, expiring after
/// <see cref="TrustAnchorOptions.RedisMaterialTtl"/>) and the invalidation channel <c>&lt;prefix&gt;versions</c>.
/// TLS with the server CA from <see cref="RedisOptions.CaPath"/> (<c>ConfigurationOptions.TrustIssuer</c>). Connects
/// lazily and never fails a caller: a Redis outage costs a PostgreSQL read, nothing more.
/// </summary>
internal sealed partial class RedisTrustMaterialCache : ITrustMaterialCache, IAsyncDisposable
{
    private readonly ConfigurationOptions _configuration;
    private readonly string _prefix;
    private readonly TimeSpan _ttl;
    private readonly ILogger<RedisTrustMaterialCache> _logger;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private ConnectionMultiplexer? _connection;

    public RedisTrustMaterialCache(IOptions<RedisOptions> redis, IOptions<TrustAnchorOptions> options, ILogger<RedisTrustMaterialCache> logger)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        _configuration = ConfigurationOptions.Parse(redis.Value.Configuration);
        if (!string.IsNullOrEmpty(redis.Value.CaPath))
        {
            _configuration.TrustIssuer(redis.Value.CaPath);
        }

        _configuration.AbortOnConnectFail = false;
        _configuration.ConnectTimeout = 5_000;
        _configuration.ClientName = "trust-anchor";
        _prefix = options.Value.RedisKeyPrefix;
        _ttl = options.Value.RedisMaterialTtl;
        _logger = logger;
    }

    private RedisChannel VersionsChannel => RedisChannel.Literal(_prefix + "versions");

    public async Task<TrustMaterial?> TryGetAsync(long version, CancellationToken cancellationToken)
    {
        try
        {
            var database = (await ConnectAsync(cancellationToken)).GetDatabase();
            var value = await database.StringGetAsync(MaterialKey(version)).WaitAsync(cancellationToken);
            if (value.IsNull)
            {
                return null;
            }

            var material = TrustMaterialCodec.TryDecode((byte[])value!);
            return material is not null && material.Version == version ? material : null;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogRedisFailed("get", exception.GetType().Name, exception.Message);
            return null;
        }
    }

    public async Task SetAsync(TrustMaterial material, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(material);
        try
        {
            var database = (await ConnectAsync(cancellationToken)).GetDatabase();
            await database.StringSetAsync(MaterialKey(material.Version), TrustMaterialCodec.Encode(material), _ttl).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogRedisFailed("set", exception.GetType().Name, exception.Message);
        }
    }

    public async Task PublishVersionAsync(long version, CancellationToken cancellationToken)
    {
        try
        {
            var subscriber = (await ConnectAsync(cancellationToken)).GetSubscriber();
            await subscriber.PublishAsync(VersionsChannel, version.ToString(CultureInfo.InvariantCulture)).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogRedisFailed("publish", exception.GetType().Name, exception.Message);
        }
    }

    public async Task SubscribeAsync(Action<long> onVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onVersion);
        try
        {
            var subscriber = (await ConnectAsync(cancellationToken)).GetSubscriber();
            await subscriber.SubscribeAsync(VersionsChannel, (_, message) =>
            {
                if (long.TryParse(message.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                {
                    onVersion(version);
                }
            }).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            // The periodic refresh still converges; announcements from other replicas are a latency optimisation.
            LogRedisFailed("subscribe", exception.GetType().Name, exception.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _connectLock.Dispose();
    }

    private RedisKey MaterialKey(long version) => new(_prefix + "material:" + version.ToString(CultureInfo.InvariantCulture));

    private async Task<ConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _connection) is { } existing)
        {
            return existing;
        }

        await _connectLock.WaitAsync(cancellationToken);
        try
        {
            return _connection ??= await ConnectionMultiplexer.ConnectAsync(_configuration).WaitAsync(cancellationToken);
        }
        finally
        {
            _connectLock.Release();
        }
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Redis {Operation} failed ({ExceptionType}: {Message}); using PostgreSQL")]
    private partial void LogRedisFailed(string operation, string exceptionType, string message);
}
