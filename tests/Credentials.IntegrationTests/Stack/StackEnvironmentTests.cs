namespace Credentials.IntegrationTests.Stack;

/// <summary>Reading stack.env variables: typed values, and the skip/fail rule's input.</summary>
public sealed class StackEnvironmentTests
{
    private static Dictionary<string, string> CompleteEnvironment() => new(StringComparer.Ordinal)
    {
        ["CRED_RUN_DIR"] = "/run/dir",
        ["CRED_PG_HOST"] = "127.0.0.1",
        ["CRED_PG_PORT"] = "15432",
        ["CRED_PG_USER"] = "postgres",
        ["CRED_PG_PASSWORD"] = "pw",
        ["CRED_PG_DATABASE"] = "credentials",
        ["CRED_PG_ROOT_CERT"] = "/run/dir/tls/ca.crt",
        ["CRED_PG_CONNECTION"] = "Host=127.0.0.1;Port=15432",
        ["CRED_REDIS_HOST"] = "127.0.0.1",
        ["CRED_REDIS_PORT"] = "16379",
        ["CRED_REDIS_PASSWORD"] = "rpw",
        ["CRED_REDIS_CA"] = "/run/dir/tls/ca.crt",
        ["CRED_REDIS_CONFIGURATION"] = "127.0.0.1:16379,ssl=true",
        ["SOFTHSM2_CONF"] = "/run/dir/softhsm/softhsm2.conf",
        ["CRED_PKCS11_MODULE"] = "/usr/lib/softhsm/libsofthsm2.so",
        ["CRED_PKCS11_USER_PIN"] = "1234",
        ["CRED_PKCS11_SO_PIN"] = "5678",
        ["CRED_PKCS11_TOKENS"] = "csca document-signer dtc ledger tests",
        ["CRED_S3_ENDPOINT"] = "127.0.0.1:19000",
        ["CRED_S3_ACCESS_KEY"] = "ak",
        ["CRED_S3_SECRET_KEY"] = "sk",
        ["CRED_S3_REGION"] = "us-east-1",
        ["CRED_KAFKA_BOOTSTRAP"] = "127.0.0.1:19092",
        ["CRED_TLS_DIR"] = "/run/dir/tls",
    };

    [Fact]
    public void TryLoad_MarkerVariableUnset_ReturnsNull()
    {
        var variables = CompleteEnvironment();
        variables.Remove(StackEnvironment.MarkerVariable);

        Assert.Null(StackEnvironment.TryLoad(name => variables.GetValueOrDefault(name)));
    }

    [Fact]
    public void TryLoad_CompleteEnvironment_ExposesTypedValues()
    {
        var variables = CompleteEnvironment();

        var stack = StackEnvironment.TryLoad(name => variables.GetValueOrDefault(name));

        Assert.NotNull(stack);
        Assert.Equal(15432, stack.PostgresPort);
        Assert.Equal(16379, stack.RedisPort);
        Assert.Equal(["csca", "document-signer", "dtc", "ledger", "tests"], stack.Pkcs11TokenLabels);
        Assert.Equal("127.0.0.1:19092", stack.KafkaBootstrap);
        Assert.Equal("/run/dir/tls/admin.key", stack.TlsFile("admin.key"));
    }

    [Fact]
    public void TryLoad_PartialEnvironment_ThrowsNamingMissingVariables()
    {
        var variables = CompleteEnvironment();
        variables.Remove("CRED_KAFKA_BOOTSTRAP");
        variables["SOFTHSM2_CONF"] = string.Empty;

        var exception = Assert.Throws<InvalidOperationException>(
            () => StackEnvironment.TryLoad(name => variables.GetValueOrDefault(name)));

        Assert.Contains("CRED_KAFKA_BOOTSTRAP", exception.Message, StringComparison.Ordinal);
        Assert.Contains("SOFTHSM2_CONF", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("-1")]
    [InlineData("54x")]
    public void TryLoad_InvalidPort_Throws(string port)
    {
        var variables = CompleteEnvironment();
        variables["CRED_PG_PORT"] = port;

        Assert.Throws<InvalidOperationException>(() => StackEnvironment.TryLoad(name => variables.GetValueOrDefault(name)));
    }
}
