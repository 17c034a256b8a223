using Grpc.Core;
using Grpc.Health.V1;

namespace Credentials.IntegrationTests.Services;

/// <summary>Issue 2: every service answers its gRPC health over mTLS, and only to clients of the internal CA.</summary>
[Collection(SuiteCollection.Name)]
public sealed class ServiceHealthTests(SuiteFixture suite)
{
    public static TheoryData<string> Services => new(SuiteFixture.Projects.Keys);

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Check_WithClientCertificateOfInternalCa_ReportsServing(string service)
    {
        suite.RequireStack();
        using var tls = suite.ClientTls("tests");
        using var channel = suite.Channel(service, tls);

        var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Check_LivenessService_ReportsServing(string service)
    {
        suite.RequireStack();
        using var tls = suite.ClientTls("admin");
        using var channel = suite.Channel(service, tls);

        var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = "liveness" }, deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Check_WithoutClientCertificate_IsRefused(string service)
    {
        suite.RequireStack();
        using var tls = suite.ClientTls(identity: null);
        using var channel = suite.Channel(service, tls);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: TestContext.Current.CancellationToken));

        AssertRefusedByTransport(error);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Check_WithCertificateFromForeignCa_IsRefused(string service)
    {
        suite.RequireStack();
        var dir = suite.TlsDirectory;
        using var tls = Credentials.Grpc.ClientTlsMaterial.Load(Path.Combine(dir, "ca.crt"), Path.Combine(dir, "foreign-client.crt"), Path.Combine(dir, "foreign-client.key"));
        using var channel = suite.Channel(service, tls);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: TestContext.Current.CancellationToken));

        AssertRefusedByTransport(error);
    }

    /// <summary>
    /// The TLS handshake (not the application) refused the call. With TLS 1.3 the server's refusal of the client
    /// certificate arrives after the client finished its side, so gRPC reports Unavailable or Internal; either way the
    /// cause is a transport exception and no health answer was produced.
    /// </summary>
    private static void AssertRefusedByTransport(RpcException error)
    {
        Assert.Contains(error.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal });
        var cause = error.Status.DebugException;
        Assert.NotNull(cause);
        Assert.True(
            cause is HttpRequestException or IOException or System.Security.Authentication.AuthenticationException,
            $"expected a transport failure, got {cause.GetType().Name}: {cause.Message}");
    }
}
