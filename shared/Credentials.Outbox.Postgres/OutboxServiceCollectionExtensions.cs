using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Credentials.Outbox.Postgres;

/// <summary>DI wiring for the outbox. Requires a registered <see cref="Npgsql.NpgsqlDataSource"/>
/// (<c>AddPostgresStorage</c>) and, for the relay, an <see cref="IEventPublisher"/>.</summary>
public static class OutboxServiceCollectionExtensions
{
    /// <summary>Registers <see cref="OutboxOptions"/> (section <c>Outbox</c>, validated at start-up), the
    /// <see cref="OutboxWriter"/>, the <see cref="InboxProcessor"/> (also as <see cref="IInbox{TTransaction}"/>) and <see cref="OutboxMetrics"/>.</summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OutboxOptions>, OutboxOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<OutboxMetrics>();
        services.TryAddSingleton<OutboxWriter>();
        services.TryAddSingleton<InboxProcessor>();
        services.TryAddSingleton<IInbox<InboxTransaction>>(provider => provider.GetRequiredService<InboxProcessor>());
        return services;
    }

    /// <summary>Adds the outbox and runs the <see cref="OutboxRelay"/> as a hosted service.</summary>
    public static IServiceCollection AddOutboxRelay(this IServiceCollection services)
    {
        services.AddOutbox();
        services.AddHostedService<OutboxRelay>();
        return services;
    }
}
