using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Credentials.Contracts.Csca.V1;
using Credentials.Grpc;
using Credentials.IntegrationTests.Services;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;

namespace Credentials.IntegrationTests.Csca;

/// <summary>
/// The scheduled CRL re-publication (Doc 9303 Part 12 §7.1.4: a current CRL is always available): a second csca
/// instance with a 2-second check interval re-publishes a CRL whose nextUpdate falls inside the margin.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class CrlScheduleTests(SuiteFixture suite)
{
    [Fact]
    public async Task Scheduler_CrlDueWithinMargin_IsRepublishedWithNextNumber()
    {
        using var csca = new CscaClientFixture(suite);
        using var openssl = OpenSsl.Create();
        var cancellationToken = TestContext.Current.CancellationToken;
        var port = FreePort();
        var environment = suite.ServiceEnvironment("csca", port);
        environment["Csca__CrlCheckInterval"] = "00:00:02";
        var logs = Path.Combine(Environment.GetEnvironmentVariable("CRED_RUN_DIR")!, "logs");
        await using var scheduler = ServiceProcess.Launch("csca-scheduler", CscaDll(), port, environment, Path.Combine(logs, "it-csca-scheduler.log"));
        await WaitServingAsync(scheduler, cancellationToken);
        var cscaId = CscaClientFixture.NewCscaId("schedule");
        var generation = await csca.CreateCscaAsync(cscaId);

        var shortLived = await csca.Client.PublishCrlAsync(
            new PublishCrlRequest { RequestId = CscaClientFixture.NewId(), CscaId = cscaId, NextUpdateIn = Duration.FromTimeSpan(TimeSpan.FromDays(1)) },
            CscaClientFixture.Call);
        Assert.Equal("02", shortLived.Crls.Single().CrlNumber);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        Credentials.Contracts.Common.V1.Crl current;
        do
        {
            await Task.Delay(500, cancellationToken);
            current = (await csca.Client.GetCrlAsync(new GetCrlRequest { CscaId = cscaId }, CscaClientFixture.Call)).Crl;
        }
        while (current.CrlNumber == "02" && DateTime.UtcNow < deadline);

        Assert.Equal("03", current.CrlNumber);
        Assert.True(current.NextUpdate.ToDateTimeOffset() - current.ThisUpdate.ToDateTimeOffset() >= TimeSpan.FromDays(29));
        openssl.AssertCrlVerifies(generation.Certificate.Der.ToByteArray(), current.Der.ToByteArray(), "scheduled");
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var after = (await csca.Client.GetCrlAsync(new GetCrlRequest { CscaId = cscaId }, CscaClientFixture.Call)).Crl;
        Assert.Equal("03", after.CrlNumber);
    }

    private static string CscaDll()
    {
        var metadata = typeof(CrlScheduleTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        return Path.Combine(metadata["ArtifactsBin"]!, "Credentials.Csca", metadata["ArtifactsPivot"]!, "Credentials.Csca.dll");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitServingAsync(ServiceProcess service, CancellationToken cancellationToken)
    {
        using var tls = suite.ClientTls("tests");
        using var channel = MutualTlsChannel.Create(service.Endpoint, tls);
        var client = new Health.HealthClient(channel);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.True(service.IsRunning, "the second csca instance exited; see it-csca-scheduler.log");
            try
            {
                var reply = await client.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken);
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }

            await Task.Delay(200, cancellationToken);
        }
    }
}
