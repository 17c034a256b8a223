using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Credentials.ServiceDefaults.Grpc;

/// <summary>Per-RPC request size limits (one rule: the transport limit of a service and the check per RPC come from the same value).</summary>
public static class GrpcLimitsRegistration
{
    /// <summary>
    /// Lets <paramref name="method"/> of <typeparamref name="TService"/> receive messages up to
    /// <paramref name="limit"/>(options) bytes: the service's transport limit is raised to it, and
    /// <c>RequestSizeLimitInterceptor</c> holds every other RPC of the service to <c>Grpc:MaxReceiveMessageSizeBytes</c>.
    /// </summary>
    public static IServiceCollection AddGrpcMethodReceiveLimit<TService, TOptions>(this IServiceCollection services, string method, Func<TOptions, int> limit)
        where TService : class
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(limit);
        services.AddSingleton(provider => new GrpcMethodReceiveLimit(method, limit(provider.GetRequiredService<IOptions<TOptions>>().Value)));
        services.AddOptions<GrpcServiceOptions<TService>>().Configure<IOptions<TOptions>, IOptions<GrpcLimitsOptions>>((grpc, options, limits) =>
            grpc.MaxReceiveMessageSize = Math.Max(Math.Max(grpc.MaxReceiveMessageSize ?? 0, limits.Value.MaxReceiveMessageSizeBytes), limit(options.Value)));
        return services;
    }
}
