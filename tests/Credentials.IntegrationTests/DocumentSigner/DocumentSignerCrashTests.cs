using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.IntegrationTests.Csca;
using Credentials.IntegrationTests.Services;
using Grpc.Core;
using Grpc.Health.V1;

namespace Credentials.IntegrationTests.DocumentSigner;

/// <summary>
/// Issue 6: kill the document-signer process (SIGKILL) in the middle of a signing loop and restart it. Every request_id
/// retried afterwards gets one EF.SOD, the same bytes as any answer given before the crash, and exactly one
/// <c>credential.issued</c> outbox row: nothing lost, nothing duplicated.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class DocumentSignerCrashTests(SuiteFixture suite)
{
    [Fact]
    public async Task SignSecurityObject_ProcessKilledMidLoopAndRestarted_RetriesReturnTheSameSodsWithOneEventEach()
    {
        suite.RequireStack();
        var port = FreePort();
        var environment = suite.ServiceEnvironment("document-signer", port);
        var dll = ServiceDll();
        var log = Path.Combine(Environment.GetEnvironmentVariable("CRED_RUN_DIR")!, "logs", "it-document-signer-crash.log");
        var endpoint = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}");
        var cancellationToken = TestContext.Current.CancellationToken;

        var process = ServiceProcess.Launch("document-signer", dll, port, environment, log);
        try
        {
            await WaitServingAsync(endpoint, process, cancellationToken);
            using var client = new DocumentSignerClientFixture(suite, endpoint);
            var csca = await client.CreateCscaAsync(CscaClientFixture.NewCscaId("ds-crash"));
            var documentType = DocumentSignerClientFixture.NewDocumentType();
            await client.CreateSignerKeyAsync(csca.CscaId, documentType);

            var requests = Enumerable.Range(0, 200).Select(i => DocumentSignerClientFixture.SignRequest(documentType, 500 + i, out _)).ToList();
            var answered = new Dictionary<string, Issuance>(StringComparer.Ordinal);
            var loop = Task.Run(async () =>
            {
                foreach (var request in requests)
                {
                    try
                    {
                        var response = await client.Signer.SignSecurityObjectAsync(request, DocumentSignerClientFixture.Call);
                        lock (answered)
                        {
                            answered[request.RequestId] = response.Issuance;
                        }
                    }
                    catch (RpcException)
                    {
                        // The process is gone: the rest of the loop fails until it is back.
                    }
                }
            }, cancellationToken);

            while (true)
            {
                lock (answered)
                {
                    if (answered.Count >= 40)
                    {
                        break;
                    }
                }

                await Task.Delay(10, cancellationToken);
            }

            process.Kill();
            await loop;
            await process.DisposeAsync();
            Assert.InRange(answered.Count, 40, 199);

            process = ServiceProcess.Launch("document-signer", dll, port, environment, log);
            await WaitServingAsync(endpoint, process, cancellationToken);
            using var after = new DocumentSignerClientFixture(suite, endpoint);
            foreach (var request in requests)
            {
                var response = await after.Signer.SignSecurityObjectAsync(request, DocumentSignerClientFixture.Call);
                if (answered.TryGetValue(request.RequestId, out var before))
                {
                    Assert.True(response.Replayed);
                    Assert.Equal(before.SecurityObject, response.Issuance.SecurityObject);
                    Assert.Equal(before.CredentialId, response.Issuance.CredentialId);
                }

                Assert.Equal(1, await DocumentSignerClientFixture.CountEventsAsync(response.Issuance.CredentialId));
            }
        }
        finally
        {
            await process.DisposeAsync();
        }
    }

    private static string ServiceDll()
    {
        var metadata = typeof(SuiteFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        return Path.Combine(metadata["ArtifactsBin"]!, "Credentials.DocumentSigner", metadata["ArtifactsPivot"]!, "Credentials.DocumentSigner.dll");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitServingAsync(string endpoint, ServiceProcess process, CancellationToken cancellationToken)
    {
        using var tls = suite.ClientTls("tests");
        using var channel = Credentials.Grpc.MutualTlsChannel.Create(endpoint, tls);
        var health = new Health.HealthClient(channel);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        while (true)
        {
            Assert.True(process.IsRunning, "document-signer exited during start-up; see it-document-signer-crash.log");
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: timeout.Token);
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (!timeout.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.Delay(200, timeout.Token);
        }
    }
}
