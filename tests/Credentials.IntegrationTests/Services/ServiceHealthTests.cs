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
    public async Task HealthPort_PlainTextProbe_AnswersHealthOnly(string service)
    {
        // The kubelet's grpc probe cannot present a client certificate: Health:Port serves grpc.health.v1 in plain
        // text and nothing else (issue 9, docs/operations.md "Probes").
        suite.RequireStack();
        var ct = TestContext.Current.CancellationToken;
        var address = new Uri($"http://127.0.0.1:{suite.HealthPortOf(service)}");
        using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress(address);
        var health = new Health.HealthClient(channel);

        var readiness = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: ct);
        var liveness = await health.CheckAsync(new HealthCheckRequest { Service = "liveness" }, deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: ct);
        using var http = new HttpClient { DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var metrics = await http.GetAsync(new Uri(address, "/metrics"), ct);
        // Reflection is mapped on the service, but not reachable through the probe port.
        var marshaller = Marshallers.Create((Google.Protobuf.WellKnownTypes.Empty m) => Google.Protobuf.MessageExtensions.ToByteArray(m), Google.Protobuf.WellKnownTypes.Empty.Parser.ParseFrom);
        var method = new Method<Google.Protobuf.WellKnownTypes.Empty, Google.Protobuf.WellKnownTypes.Empty>(
            MethodType.Unary, "grpc.reflection.v1alpha.ServerReflection", "ServerReflectionInfo", marshaller, marshaller);
        var reflection = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: ct), new Google.Protobuf.WellKnownTypes.Empty()));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, readiness.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, liveness.Status);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, metrics.StatusCode);
        Assert.Equal(StatusCode.Unimplemented, reflection.StatusCode);
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
