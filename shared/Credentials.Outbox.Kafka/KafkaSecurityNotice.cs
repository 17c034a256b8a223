using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.Outbox.Kafka;

/// <summary>Says at every start-up when the broker connection is plaintext (Development, or the named test-only exception).</summary>
internal sealed partial class KafkaSecurityNotice : IHostedService
{
    private readonly IOptions<KafkaOptions> _options;
    private readonly IHostEnvironment _environment;
    private readonly KafkaOptionsValidator _validator;
    private readonly ILogger<KafkaSecurityNotice> _logger;

    public KafkaSecurityNotice(IOptions<KafkaOptions> options, IHostEnvironment environment, KafkaOptionsValidator validator, ILogger<KafkaSecurityNotice> logger)
    {
        _options = options;
        _environment = environment;
        _validator = validator;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = _options.Value;
        if (_validator.PlaintextTestExceptionInEffect(options))
        {
            LogTestException(options.SecurityProtocol, _environment.EnvironmentName, KafkaOptionsValidator.TestOnlyGate);
        }
        else if (options.SecurityProtocol is Confluent.Kafka.SecurityProtocol.Plaintext or Confluent.Kafka.SecurityProtocol.SaslPlaintext)
        {
            LogPlaintext(options.SecurityProtocol, _environment.EnvironmentName);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 2310, Level = LogLevel.Warning,
        Message = "TEST-ONLY EXCEPTION: Kafka:AllowPlaintextForTests is in effect ({Protocol} broker connection in {Environment}, allowed by {Gate}=1). Never in a deployment.")]
    private partial void LogTestException(Confluent.Kafka.SecurityProtocol protocol, string environment, string gate);

    [LoggerMessage(EventId = 2311, Level = LogLevel.Information, Message = "Kafka broker connection is {Protocol} ({Environment} only)")]
    private partial void LogPlaintext(Confluent.Kafka.SecurityProtocol protocol, string environment);
}
