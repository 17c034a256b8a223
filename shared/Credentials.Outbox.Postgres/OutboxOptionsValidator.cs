using Credentials.Storage.Migrations;
using Microsoft.Extensions.Options;

namespace Credentials.Outbox.Postgres;

/// <summary>Start-up validation of <see cref="OutboxOptions"/>.</summary>
internal sealed class OutboxOptionsValidator : IValidateOptions<OutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!SchemaName.IsValid(options.Schema))
        {
            failures.Add("Outbox:Schema must be 1-63 lowercase letters, digits or '_', starting with a letter or '_'.");
        }

        if (options.BatchSize is < 1 or > 10_000)
        {
            failures.Add("Outbox:BatchSize must be between 1 and 10000.");
        }

        if (options.MaxAttempts is < 1 or > 1000)
        {
            failures.Add("Outbox:MaxAttempts must be between 1 and 1000.");
        }

        if (options.MinPassInterval < TimeSpan.Zero || options.MinPassInterval > TimeSpan.FromSeconds(1))
        {
            failures.Add("Outbox:MinPassInterval must be between 0 and 1 second.");
        }

        Positive(options.PollInterval, "PollInterval", failures);
        Positive(options.InitialBackoff, "InitialBackoff", failures);
        Positive(options.MaxBackoff, "MaxBackoff", failures);
        Positive(options.MetricsInterval, "MetricsInterval", failures);
        Positive(options.SentRetention, "SentRetention", failures);
        Positive(options.ListenReconnectDelay, "ListenReconnectDelay", failures);
        if (options.MaxBackoff < options.InitialBackoff)
        {
            failures.Add("Outbox:MaxBackoff must not be shorter than Outbox:InitialBackoff.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(TimeSpan value, string name, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"Outbox:{name} must be positive.");
        }
    }
}
