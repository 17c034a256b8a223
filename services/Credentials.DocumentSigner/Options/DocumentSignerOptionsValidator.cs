using Microsoft.Extensions.Options;

namespace Credentials.DocumentSigner.Options;

/// <summary>Start-up validation of <see cref="DocumentSignerOptions"/>.</summary>
internal sealed class DocumentSignerOptionsValidator : IValidateOptions<DocumentSignerOptions>
{
    public ValidateOptionsResult Validate(string? name, DocumentSignerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        void Positive(TimeSpan value, string field)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{DocumentSignerOptions.SectionName}:{field} must be positive.");
            }
        }

        Positive(options.CscaDeadline, nameof(options.CscaDeadline));
        Positive(options.KeyLifecycleInterval, nameof(options.KeyLifecycleInterval));
        Positive(options.KeyCacheLifetime, nameof(options.KeyCacheLifetime));
        Positive(options.ArchiveInterval, nameof(options.ArchiveInterval));
        if (!string.IsNullOrEmpty(options.CscaEndpoint) && !IsEndpoint(options.CscaEndpoint))
        {
            failures.Add($"{DocumentSignerOptions.SectionName}:CscaEndpoint must be host:port or an https URL.");
        }

        if (Credentials.Outbox.EventTopics.ValidateProducedTopic($"{DocumentSignerOptions.SectionName}:EventsTopic", options.EventsTopic, Credentials.Outbox.EventTopics.DocumentSigner) is { } topicFailure)
        {
            failures.Add(topicFailure);
        }

        if (options.MaxDataGroupContentBytes is < 1024 or > 16 * 1024 * 1024)
        {
            failures.Add($"{DocumentSignerOptions.SectionName}:MaxDataGroupContentBytes must be between 1024 and 16777216.");
        }

        if (options.MaxRequestContentBytes < options.MaxDataGroupContentBytes)
        {
            failures.Add($"{DocumentSignerOptions.SectionName}:MaxRequestContentBytes must be at least MaxDataGroupContentBytes.");
        }

        if (options.MaxRequestIdLength is < 16 or > 1024)
        {
            failures.Add($"{DocumentSignerOptions.SectionName}:MaxRequestIdLength must be between 16 and 1024.");
        }

        if (options.MaxDocumentNumberLength is < 9 or > 256)
        {
            failures.Add($"{DocumentSignerOptions.SectionName}:MaxDocumentNumberLength must be between 9 and 256.");
        }

        if (options.SigningGroupWorkers is < 1 or > 64)
        {
            failures.Add($"{DocumentSignerOptions.SectionName}:SigningGroupWorkers must be between 1 and 64.");
        }

        if (options.MaxSigningGroupSize is < 1 or > 1024)
        {
            failures.Add($"{DocumentSignerOptions.SectionName}:MaxSigningGroupSize must be between 1 and 1024.");
        }

        if (options.MaxQueuedSignings is < 1 or > 1_000_000)
        {
            failures.Add($"{DocumentSignerOptions.SectionName}:MaxQueuedSignings must be between 1 and 1000000.");
        }

        if (options.BatchConcurrency is < 1 or > 256)
        {
            failures.Add($"{DocumentSignerOptions.SectionName}:BatchConcurrency must be between 1 and 256.");
        }

        if (options.ArchiveBatchSize is < 1 or > 10_000)
        {
            failures.Add($"{DocumentSignerOptions.SectionName}:ArchiveBatchSize must be between 1 and 10000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsEndpoint(string value)
    {
        if (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(value, UriKind.Absolute, out _);
        }

        var colon = value.LastIndexOf(':');
        return colon > 0 && int.TryParse(value.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            && port is > 0 and < 65536;
    }
}
