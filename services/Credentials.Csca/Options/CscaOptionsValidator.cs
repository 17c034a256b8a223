using Microsoft.Extensions.Options;

namespace Credentials.Csca.Options;

/// <summary>Start-up validation of <see cref="CscaOptions"/>.</summary>
internal sealed class CscaOptionsValidator : IValidateOptions<CscaOptions>
{
    public ValidateOptionsResult Validate(string? name, CscaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        void Positive(TimeSpan value, string field)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{CscaOptions.SectionName}:{field} must be positive.");
            }
        }

        Positive(options.CscaValidity, nameof(options.CscaValidity));
        Positive(options.CscaPrivateKeyUsagePeriod, nameof(options.CscaPrivateKeyUsagePeriod));
        Positive(options.DocumentSignerValidity, nameof(options.DocumentSignerValidity));
        Positive(options.DocumentSignerPrivateKeyUsagePeriod, nameof(options.DocumentSignerPrivateKeyUsagePeriod));
        Positive(options.ListSignerValidity, nameof(options.ListSignerValidity));
        Positive(options.ListSignerPrivateKeyUsagePeriod, nameof(options.ListSignerPrivateKeyUsagePeriod));
        Positive(options.CrlNextUpdate, nameof(options.CrlNextUpdate));
        Positive(options.CrlRepublishMargin, nameof(options.CrlRepublishMargin));
        Positive(options.CrlCheckInterval, nameof(options.CrlCheckInterval));
        if (options.CscaPrivateKeyUsagePeriod > options.CscaValidity)
        {
            failures.Add($"{CscaOptions.SectionName}:CscaPrivateKeyUsagePeriod must not exceed CscaValidity.");
        }

        if (options.CrlNextUpdate > TimeSpan.FromDays(90))
        {
            failures.Add($"{CscaOptions.SectionName}:CrlNextUpdate must be at most 90 days (Doc 9303 Part 12).");
        }

        if (options.CrlRepublishMargin >= options.CrlNextUpdate)
        {
            failures.Add($"{CscaOptions.SectionName}:CrlRepublishMargin must be shorter than CrlNextUpdate.");
        }

        if (Credentials.Outbox.EventTopics.ValidateProducedTopic($"{CscaOptions.SectionName}:EventsTopic", options.EventsTopic, Credentials.Outbox.EventTopics.Csca) is { } topicFailure)
        {
            failures.Add(topicFailure);
        }

        if (options.MaxCsrBytes is < 256 or > 1024 * 1024)
        {
            failures.Add($"{CscaOptions.SectionName}:MaxCsrBytes must be between 256 and 1048576.");
        }

        foreach (var uri in options.CrlDistributionPoints)
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out _))
            {
                failures.Add($"{CscaOptions.SectionName}:CrlDistributionPoints entry '{uri}' is not an absolute URI.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
