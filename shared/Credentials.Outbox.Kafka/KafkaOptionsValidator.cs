using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace Credentials.Outbox.Kafka;

/// <summary>Start-up validation of <see cref="KafkaOptions"/>.</summary>
internal sealed class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            failures.Add("Kafka:BootstrapServers is required.");
        }

        if (options.EnableIdempotence && options.Acks != Acks.All)
        {
            failures.Add("Kafka:Acks must be All while Kafka:EnableIdempotence is true.");
        }

        if (options.MessageTimeoutMs is < 1000 or > 3_600_000)
        {
            failures.Add("Kafka:MessageTimeoutMs must be between 1000 and 3600000.");
        }

        if (options.LingerMs is < 0 or > 1000)
        {
            failures.Add("Kafka:LingerMs must be between 0 and 1000.");
        }

        if (options.ConsumerQueuedMaxKbytes is < 1024 or > 2_097_151)
        {
            failures.Add("Kafka:ConsumerQueuedMaxKbytes must be 1024..2097151.");
        }

        if (options.HeartbeatIntervalMs <= 0 || options.SessionTimeoutMs <= options.HeartbeatIntervalMs)
        {
            failures.Add("Kafka:HeartbeatIntervalMs must be positive and shorter than Kafka:SessionTimeoutMs.");
        }

        if (options.CommitEvery is < 1 or > 100_000)
        {
            failures.Add("Kafka:CommitEvery must be between 1 and 100000.");
        }

        if (options.SecurityProtocol is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl
            && (options.SaslMechanism is null || string.IsNullOrEmpty(options.SaslUsername) || string.IsNullOrEmpty(options.SaslPassword)))
        {
            failures.Add("Kafka:SaslMechanism, Kafka:SaslUsername and Kafka:SaslPassword are required with SASL.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
