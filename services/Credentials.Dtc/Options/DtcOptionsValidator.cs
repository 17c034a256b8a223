using System.Globalization;
using Microsoft.Extensions.Options;

namespace Credentials.Dtc.Options;

/// <summary>Start-up validation of <see cref="DtcOptions"/> beyond the data annotations.</summary>
internal sealed class DtcOptionsValidator : IValidateOptions<DtcOptions>
{
    public ValidateOptionsResult Validate(string? name, DtcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (Credentials.Outbox.EventTopics.ValidateProducedTopic($"{DtcOptions.SectionName}:EventsTopic", options.EventsTopic, Credentials.Outbox.EventTopics.Dtc) is { } topicFailure)
        {
            failures.Add(topicFailure);
        }

        if (options.TrustAnchorDeadline <= TimeSpan.Zero)
        {
            failures.Add($"{DtcOptions.SectionName}:TrustAnchorDeadline must be positive.");
        }

        if (options.MaxValidity <= TimeSpan.Zero || options.MaxValidity > TimeSpan.FromDays(3653))
        {
            failures.Add($"{DtcOptions.SectionName}:MaxValidity must be positive and at most ten years.");
        }

        if (!string.IsNullOrEmpty(options.TrustAnchorEndpoint) && !IsEndpoint(options.TrustAnchorEndpoint))
        {
            failures.Add($"{DtcOptions.SectionName}:TrustAnchorEndpoint must be host:port or an https URL.");
        }

        if (!string.IsNullOrEmpty(options.CscaEndpoint) && !IsEndpoint(options.CscaEndpoint))
        {
            failures.Add($"{DtcOptions.SectionName}:CscaEndpoint must be host:port or an https URL.");
        }

        if (options.CscaDeadline <= TimeSpan.Zero)
        {
            failures.Add($"{DtcOptions.SectionName}:CscaDeadline must be positive.");
        }

        if (options.SignerStatusCacheDuration < TimeSpan.Zero || options.SignerStatusCacheDuration > TimeSpan.FromHours(1))
        {
            failures.Add($"{DtcOptions.SectionName}:SignerStatusCacheDuration must be between zero and one hour.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsEndpoint(string value)
    {
        if (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(value, UriKind.Absolute, out _);
        }

        var colon = value.LastIndexOf(':');
        return colon > 0 && int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536;
    }
}
