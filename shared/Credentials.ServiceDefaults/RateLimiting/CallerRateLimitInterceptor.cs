using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Credentials.ServiceDefaults.Grpc;
using Credentials.ServiceDefaults.Tls;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.ServiceDefaults.RateLimiting;

/// <summary>
/// Applies <see cref="CallerRateLimitOptions"/>: a call over its caller's budget gets ResourceExhausted with reason
/// <c>RATE_LIMITED</c> and a <c>google.rpc.RetryInfo</c> saying when to retry. Buckets are per caller identity,
/// so one relying party cannot exhaust another's budget.
/// </summary>
internal sealed partial class CallerRateLimitInterceptor : Interceptor, IDisposable
{
    private readonly CallerRateLimitOptions _options;
    private readonly CallerIdentityCache _identities;
    private readonly ILogger<CallerRateLimitInterceptor> _logger;
    private readonly string _domain;
    private readonly ConcurrentDictionary<(string Method, string Caller), TokenBucketRateLimiter> _buckets = new();

    public CallerRateLimitInterceptor(
        IOptions<CallerRateLimitOptions> options, CallerIdentityCache identities, IOptions<ServiceIdentityOptions> identity, ILogger<CallerRateLimitInterceptor> logger)
    {
        _options = options.Value;
        _identities = identities;
        _logger = logger;
        _domain = $"credentials.{identity.Value.Name}";
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(requestStream, responseStream, context);
    }

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values)
        {
            bucket.Dispose();
        }
    }

    /// <summary>The rule for a method: exact path first, then the service wildcard; null when unlimited.</summary>
    internal TokenBucketRule? RuleFor(string method)
    {
        if (_options.Rules.TryGetValue(method, out var rule))
        {
            return rule;
        }

        var slash = method.LastIndexOf('/');
        return slash > 0 && _options.Rules.TryGetValue(method[..(slash + 1)] + "*", out var serviceRule) ? serviceRule : null;
    }

    private void Admit(ServerCallContext context)
    {
        var rule = RuleFor(context.Method);
        if (rule is null)
        {
            return;
        }

        var caller = _identities.NameOf(context.GetHttpContext().Connection.ClientCertificate) ?? "(none)";
        // The factory takes the rule as an argument: no closure is allocated on the calls that find their bucket.
        var bucket = _buckets.GetOrAdd((context.Method, caller), static (_, r) => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = r.Burst,
            TokensPerPeriod = r.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }), rule);
        using var lease = bucket.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var delay) ? delay : TimeSpan.FromSeconds(1);
        LogLimited(_logger, context.Method, caller);
        throw GrpcErrors.Create(StatusCode.ResourceExhausted, "RATE_LIMITED", $"Rate limit of {rule.PermitsPerSecond}/s for this caller exceeded; retry later.", _domain, retryAfter);
    }

    [LoggerMessage(EventId = 1031, Level = LogLevel.Warning, Message = "Rate limited {Method} for {Caller}")]
    private static partial void LogLimited(ILogger logger, string method, string caller);
}
