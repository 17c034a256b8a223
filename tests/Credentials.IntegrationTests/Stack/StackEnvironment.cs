using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace Credentials.IntegrationTests.Stack;

/// <summary>
/// The local real stack as described by the <c>CRED_*</c> variables of <c>.run/stack.env</c> (written by
/// <c>scripts/infra up</c>; docs/local-stack.md). Integration tests read the stack only through this type.
/// </summary>
public sealed class StackEnvironment
{
    /// <summary>Why a test skips (or, with <c>CRED_REQUIRE_STACK=1</c>, fails) when the stack is absent.</summary>
    public const string NotRunningMessage = "local stack not running: run scripts/infra up and source .run/stack.env";

    /// <summary>The variable whose presence means "stack.env was sourced".</summary>
    public const string MarkerVariable = "CRED_PG_CONNECTION";

    /// <summary>Set to 1 by scripts/test and CI: a missing stack is then a failure, not a skip.</summary>
    public const string RequireVariable = "CRED_REQUIRE_STACK";

    private StackEnvironment(Func<string, string> get)
    {
        RunDirectory = get("CRED_RUN_DIR");
        PostgresHost = get("CRED_PG_HOST");
        PostgresPort = Port(get, "CRED_PG_PORT");
        PostgresUser = get("CRED_PG_USER");
        PostgresPassword = get("CRED_PG_PASSWORD");
        PostgresDatabase = get("CRED_PG_DATABASE");
        PostgresRootCertificatePath = get("CRED_PG_ROOT_CERT");
        PostgresConnectionString = get(MarkerVariable);
        RedisHost = get("CRED_REDIS_HOST");
        RedisPort = Port(get, "CRED_REDIS_PORT");
        RedisPassword = get("CRED_REDIS_PASSWORD");
        RedisCaPath = get("CRED_REDIS_CA");
        RedisConfiguration = get("CRED_REDIS_CONFIGURATION");
        SoftHsmConfigurationPath = get("SOFTHSM2_CONF");
        Pkcs11ModulePath = get("CRED_PKCS11_MODULE");
        Pkcs11UserPin = get("CRED_PKCS11_USER_PIN");
        Pkcs11SoPin = get("CRED_PKCS11_SO_PIN");
        Pkcs11TokenLabels = get("CRED_PKCS11_TOKENS").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        S3Endpoint = get("CRED_S3_ENDPOINT");
        S3AccessKey = get("CRED_S3_ACCESS_KEY");
        S3SecretKey = get("CRED_S3_SECRET_KEY");
        S3Region = get("CRED_S3_REGION");
        KafkaBootstrap = get("CRED_KAFKA_BOOTSTRAP");
        TlsDirectory = get("CRED_TLS_DIR");
    }

    /// <summary>CRED_RUN_DIR: the absolute run directory of the stack.</summary>
    public string RunDirectory { get; }

    /// <summary>CRED_PG_HOST (127.0.0.1).</summary>
    public string PostgresHost { get; }

    /// <summary>CRED_PG_PORT.</summary>
    public int PostgresPort { get; }

    /// <summary>CRED_PG_USER (postgres).</summary>
    public string PostgresUser { get; }

    /// <summary>CRED_PG_PASSWORD (random per run).</summary>
    public string PostgresPassword { get; }

    /// <summary>CRED_PG_DATABASE (credentials).</summary>
    public string PostgresDatabase { get; }

    /// <summary>CRED_PG_ROOT_CERT: PEM of the CA that signed the Postgres server certificate.</summary>
    public string PostgresRootCertificatePath { get; }

    /// <summary>CRED_PG_CONNECTION: a complete Npgsql connection string (SSL Mode=VerifyFull).</summary>
    public string PostgresConnectionString { get; }

    /// <summary>CRED_REDIS_HOST (127.0.0.1).</summary>
    public string RedisHost { get; }

    /// <summary>CRED_REDIS_PORT: the TLS port (plaintext is disabled).</summary>
    public int RedisPort { get; }

    /// <summary>CRED_REDIS_PASSWORD.</summary>
    public string RedisPassword { get; }

    /// <summary>CRED_REDIS_CA: PEM of the CA that signed the Redis server certificate.</summary>
    public string RedisCaPath { get; }

    /// <summary>CRED_REDIS_CONFIGURATION: a StackExchange.Redis configuration string (ssl=true, sslHost=localhost).</summary>
    public string RedisConfiguration { get; }

    /// <summary>SOFTHSM2_CONF: must already be in the process environment at start (INFRA.md).</summary>
    public string SoftHsmConfigurationPath { get; }

    /// <summary>CRED_PKCS11_MODULE: the PKCS#11 module (SoftHSM2).</summary>
    public string Pkcs11ModulePath { get; }

    /// <summary>CRED_PKCS11_USER_PIN: user PIN of every token.</summary>
    public string Pkcs11UserPin { get; }

    /// <summary>CRED_PKCS11_SO_PIN: security officer PIN of every token.</summary>
    public string Pkcs11SoPin { get; }

    /// <summary>CRED_PKCS11_TOKENS: the token labels created (csca document-signer dtc ledger tests).</summary>
    public IReadOnlyList<string> Pkcs11TokenLabels { get; }

    /// <summary>CRED_S3_ENDPOINT: host:port of the S3-compatible server (plain HTTP).</summary>
    public string S3Endpoint { get; }

    /// <summary>CRED_S3_ACCESS_KEY.</summary>
    public string S3AccessKey { get; }

    /// <summary>CRED_S3_SECRET_KEY.</summary>
    public string S3SecretKey { get; }

    /// <summary>CRED_S3_REGION (us-east-1).</summary>
    public string S3Region { get; }

    /// <summary>CRED_KAFKA_BOOTSTRAP: host:port of the Kafka-protocol dev broker.</summary>
    public string KafkaBootstrap { get; }

    /// <summary>CRED_TLS_DIR: the development mTLS PKI (PEM files; see docs/local-stack.md).</summary>
    public string TlsDirectory { get; }

    /// <summary>True when the stack must be present (<c>CRED_REQUIRE_STACK=1</c>).</summary>
    public static bool IsRequired =>
        Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>
    /// The stack of this process' environment, or null when stack.env was not sourced
    /// (<see cref="MarkerVariable"/> unset). A partially set environment is an error.
    /// </summary>
    public static StackEnvironment? TryLoad() => TryLoad(Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="TryLoad()"/>, reading variables through <paramref name="getVariable"/>.</summary>
    public static StackEnvironment? TryLoad(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        if (string.IsNullOrEmpty(getVariable(MarkerVariable)))
        {
            return null;
        }

        var missing = new List<string>();
        var environment = new StackEnvironment(name =>
        {
            var value = getVariable(name);
            if (string.IsNullOrEmpty(value))
            {
                missing.Add(name);
                return string.Empty;
            }

            return value;
        });
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"stack.env is incomplete, missing: {string.Join(' ', missing)}; re-run scripts/infra up and source it again");
        }

        return environment;
    }

    /// <summary>
    /// The stack, or skips the calling test with <see cref="NotRunningMessage"/> when it is not running; with
    /// <c>CRED_REQUIRE_STACK=1</c> a missing stack fails the test instead.
    /// </summary>
    public static StackEnvironment RequireOrSkip()
    {
        var environment = TryLoad();
        if (environment is not null)
        {
            return environment;
        }

        if (IsRequired)
        {
            Assert.Fail(NotRunningMessage + " (CRED_REQUIRE_STACK=1)");
        }

        Assert.Skip(NotRunningMessage);
        throw new InvalidOperationException("unreachable: Assert.Skip throws");
    }

    /// <summary>The path of a file of the dev PKI, e.g. <c>TlsFile("ca.crt")</c>.</summary>
    public string TlsFile(string fileName) => Path.Combine(TlsDirectory, fileName);

    /// <summary>The internal TLS CA certificate (ca.crt).</summary>
    public X509Certificate2 LoadCaCertificate() => LoadCertificate("ca");

    /// <summary>A certificate of the dev PKI without its key (<c>&lt;name&gt;.crt</c>).</summary>
    public X509Certificate2 LoadCertificate(string name) =>
        X509Certificate2.CreateFromPem(File.ReadAllText(TlsFile(name + ".crt")));

    /// <summary>A certificate of the dev PKI with its private key (<c>&lt;name&gt;.crt</c> + <c>&lt;name&gt;.key</c>).</summary>
    public X509Certificate2 LoadCertificateWithKey(string name) =>
        X509Certificate2.CreateFromPemFile(TlsFile(name + ".crt"), TlsFile(name + ".key"));

    private static int Port(Func<string, string> get, string name)
    {
        var text = get(name);
        if (text.Length == 0)
        {
            return 0;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{name}='{text}' is not a TCP port");
        }

        return port;
    }
}
