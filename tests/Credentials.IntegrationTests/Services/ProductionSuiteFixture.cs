using System.Security.Cryptography;

namespace Credentials.IntegrationTests.Services;

/// <summary>
/// The six services as production runs them: <c>ASPNETCORE_ENVIRONMENT=Production</c> (the real access-policy.json
/// without Development identities, no detailed errors), the document-number HMAC key from a file, and the strictest
/// settings the local stack allows. Deviations forced by the stack, each named: the dev broker has no TLS, so the
/// test-only exception <c>Kafka:AllowPlaintextForTests</c> (gated by <c>CRED_TEST_ONLY_ALLOW_PLAINTEXT_KAFKA=1</c>,
/// logged as warning 2310) is set; the local S3 server has no TLS; archived ledger checkpoints use Governance mode
/// for one day instead of Compliance for ten years (the local bucket would keep them for a decade). The consumers get
/// their own consumer groups so they never take partitions from the Development suite's services.
/// </summary>
public sealed class ProductionSuiteFixture : SuiteFixture
{
    private string? _keyPath;

    protected override string LogPrefix => "it-prod";

    public override async ValueTask InitializeAsync()
    {
        var runDir = Environment.GetEnvironmentVariable("CRED_RUN_DIR");
        if (!string.IsNullOrEmpty(runDir))
        {
            var directory = Path.Combine(runDir, "it-prod");
            Directory.CreateDirectory(directory);
            _keyPath = Path.Combine(directory, "document-number-hmac.key");
            await File.WriteAllBytesAsync(_keyPath, RandomNumberGenerator.GetBytes(32));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(_keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        await base.InitializeAsync();
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        await base.DisposeCoreAsync();
        if (_keyPath is not null && File.Exists(_keyPath))
        {
            File.Delete(_keyPath);
        }
    }

    protected override void Customize(string name, Dictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["Kafka__AllowPlaintextForTests"] = "true";
        environment["CRED_TEST_ONLY_ALLOW_PLAINTEXT_KAFKA"] = "1";
        environment["Kafka__ConsumerGroupId"] = name + "-production-it";
        environment["DocumentSigner__DocumentNumberKeyPath"] = _keyPath ?? string.Empty;
        environment["Ledger__CheckpointRetentionMode"] = "Governance";
        environment["Ledger__CheckpointRetention"] = "1.00:00:00";
    }
}
