using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Credentials.Outbox.Kafka;

/// <summary>
/// Start-up validation of <see cref="KafkaOptions"/>. Outside Development the broker connection must be TLS
/// (<c>Ssl</c> with a client certificate and key — mTLS — or <c>SaslSsl</c> with SASL credentials): events carry
/// trust material and credential status, and plaintext would let anyone on the path read or inject them
/// (docs/operations.md, "Kafka"). The one exception is <see cref="KafkaOptions.AllowPlaintextForTests"/>, itself refused
/// unless the test-only setting <see cref="TestOnlyGate"/> is 1.
/// </summary>
internal sealed class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
{
    /// <summary>Configuration key (an environment variable in practice) that a test sets to allow <see cref="KafkaOptions.AllowPlaintextForTests"/>.</summary>
    public const string TestOnlyGate = "CRED_TEST_ONLY_ALLOW_PLAINTEXT_KAFKA";

    private readonly IHostEnvironment _environment;
    private readonly IConfiguration _configuration;

    public KafkaOptionsValidator(IHostEnvironment environment, IConfiguration configuration)
    {
        _environment = environment;
        _configuration = configuration;
    }

    /// <summary>True when the test-only exception is requested and allowed.</summary>
    public bool PlaintextTestExceptionInEffect(KafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AllowPlaintextForTests && _configuration[TestOnlyGate] == "1" && IsPlaintext(options.SecurityProtocol);
    }

    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.AllowPlaintextForTests && _configuration[TestOnlyGate] != "1")
        {
            failures.Add($"Kafka:AllowPlaintextForTests is a test-only setting and is refused unless {TestOnlyGate}=1 is set (never in a deployment).");
        }

        if (!_environment.IsDevelopment() && !PlaintextTestExceptionInEffect(options))
        {
            if (IsPlaintext(options.SecurityProtocol))
            {
                failures.Add($"Kafka:SecurityProtocol is {options.SecurityProtocol} in {_environment.EnvironmentName}: outside Development the brokers are reached over TLS (Ssl with a client certificate, or SaslSsl).");
            }
            else if (options.SecurityProtocol == SecurityProtocol.Ssl && (string.IsNullOrEmpty(options.SslCertificateLocation) || string.IsNullOrEmpty(options.SslKeyLocation)))
            {
                failures.Add("Kafka:SecurityProtocol Ssl needs Kafka:SslCertificateLocation and Kafka:SslKeyLocation (mTLS) outside Development; or use SaslSsl.");
            }
        }
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

    private static bool IsPlaintext(SecurityProtocol protocol) => protocol is SecurityProtocol.Plaintext or SecurityProtocol.SaslPlaintext;
}
