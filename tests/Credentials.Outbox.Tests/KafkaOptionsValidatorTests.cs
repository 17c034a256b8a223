using Confluent.Kafka;
using Credentials.Outbox.Kafka;

namespace Credentials.Outbox.Tests;

public sealed class KafkaOptionsValidatorTests
{
    private const string Broker = "kafka-0.example:9093";

    [Theory]
    [InlineData("Production", SecurityProtocol.Plaintext)]
    [InlineData("Production", SecurityProtocol.SaslPlaintext)]
    [InlineData("Staging", SecurityProtocol.Plaintext)]
    public void Validate_PlaintextOutsideDevelopment_Fails(string environment, SecurityProtocol protocol)
    {
        var result = KafkaValidation.Validator(environment).Validate(null, new KafkaOptions
        {
            BootstrapServers = Broker, SecurityProtocol = protocol, SaslMechanism = SaslMechanism.ScramSha512, SaslUsername = "u", SaslPassword = "p",
        });

        Assert.True(result.Failed);
        Assert.Contains("outside Development the brokers are reached over TLS", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PlaintextInDevelopment_Succeeds()
    {
        Assert.True(KafkaValidation.Validator("Development").Validate(null, new KafkaOptions { BootstrapServers = Broker }).Succeeded);
    }

    [Fact]
    public void Validate_ProductionSaslSslOrMutualTls_Succeeds()
    {
        var validator = KafkaValidation.Validator("Production");
        var sasl = new KafkaOptions { BootstrapServers = Broker, SecurityProtocol = SecurityProtocol.SaslSsl, SaslMechanism = SaslMechanism.ScramSha512, SaslUsername = "u", SaslPassword = "p" };
        var mtls = new KafkaOptions { BootstrapServers = Broker, SecurityProtocol = SecurityProtocol.Ssl, SslCertificateLocation = "/run/secrets/kafka.crt", SslKeyLocation = "/run/secrets/kafka.key" };

        Assert.True(validator.Validate(null, sasl).Succeeded);
        Assert.True(validator.Validate(null, mtls).Succeeded);
    }

    [Fact]
    public void Validate_ProductionSslWithoutClientCertificate_Fails()
    {
        var result = KafkaValidation.Validator("Production").Validate(null, new KafkaOptions { BootstrapServers = Broker, SecurityProtocol = SecurityProtocol.Ssl });
        Assert.True(result.Failed);
        Assert.Contains("SslCertificateLocation", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TestExceptionWithoutGate_Fails()
    {
        var validator = KafkaValidation.Validator("Production");
        var options = new KafkaOptions { BootstrapServers = Broker, AllowPlaintextForTests = true };

        var result = validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(KafkaOptionsValidator.TestOnlyGate, result.FailureMessage, StringComparison.Ordinal);
        Assert.False(validator.PlaintextTestExceptionInEffect(options));
    }

    [Fact]
    public void Validate_TestExceptionWithGate_SucceedsAndIsInEffect()
    {
        var validator = KafkaValidation.Validator("Production", (KafkaOptionsValidator.TestOnlyGate, "1"));
        var options = new KafkaOptions { BootstrapServers = Broker, AllowPlaintextForTests = true };

        Assert.True(validator.Validate(null, options).Succeeded);
        Assert.True(validator.PlaintextTestExceptionInEffect(options));
    }
}
