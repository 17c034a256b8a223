using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Credentials.Outbox.Kafka;

/// <summary>DI wiring for Kafka.</summary>
public static class KafkaServiceCollectionExtensions
{
    /// <summary>Registers <see cref="KafkaOptions"/> (section <c>Kafka</c>, validated at start-up), the singleton
    /// <see cref="KafkaEventPublisher"/> as <see cref="IEventPublisher"/>, and <see cref="KafkaInboxConsumer{TTransaction}"/> (over the registered
    /// <see cref="IInbox{TTransaction}"/>, e.g. the PostgreSQL inbox of <c>AddOutbox</c>).</summary>
    public static IServiceCollection AddKafkaEvents(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<KafkaOptions>().BindConfiguration(KafkaOptions.SectionName).ValidateOnStart();
        services.TryAddSingleton<KafkaOptionsValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KafkaOptions>, KafkaOptionsValidator>(provider => provider.GetRequiredService<KafkaOptionsValidator>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, KafkaSecurityNotice>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KafkaEventPublisher>();
        services.TryAddSingleton<IEventPublisher>(provider => provider.GetRequiredService<KafkaEventPublisher>());
        services.TryAddSingleton(typeof(KafkaInboxConsumer<>));
        return services;
    }
}
