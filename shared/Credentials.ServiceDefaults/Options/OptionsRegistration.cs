using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.ServiceDefaults;

/// <summary>Binds options from configuration with data-annotation validation at start-up (STYLE.md rule 11).</summary>
public static class OptionsRegistration
{
    /// <summary>Binds <typeparamref name="TOptions"/> to <paramref name="sectionName"/> and validates it when the host starts.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, string sectionName)
        where TOptions : class
    {
        return services.AddOptions<TOptions>()
            .BindConfiguration(sectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }
}
