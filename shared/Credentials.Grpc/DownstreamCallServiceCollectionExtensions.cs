using Credentials.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Credentials.Grpc;

/// <summary>DI registration for services that call other Credentials services.</summary>
public static class DownstreamCallServiceCollectionExtensions
{
    /// <summary>
    /// Registers the translation of <see cref="DownstreamCallException"/> with the host's exception interceptor (once,
    /// however often it is called). A service whose clients use <see cref="DownstreamCallInterceptor"/> calls it.
    /// </summary>
    public static IServiceCollection AddDownstreamCallTranslation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionTranslator, DownstreamCallExceptionTranslator>());
        return services;
    }
}
