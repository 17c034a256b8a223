using Credentials.Contracts.Pkd.V1;
using Credentials.ServiceDefaults.Grpc;
using Google.Rpc;
using Grpc.Core;

namespace Credentials.IntegrationTests.Services;

/// <summary>Issue 9: a caller over its budget on a public API gets ResourceExhausted with retry information.</summary>
[Collection(SuiteCollection.Name)]
public sealed class CallerRateLimitTests(SuiteFixture suite)
{
    [Fact]
    public async Task ListSources_BurstAboveTheCallersBudget_IsResourceExhaustedWithRetryInfo()
    {
        suite.RequireStack();
        using var tls = suite.ClientTls("relying-party");
        using var channel = suite.Channel("pkd", tls);
        var client = new PkdService.PkdServiceClient(channel);

        // pkd's access policy allows 50/s with a burst of 100 per caller; 400 concurrent calls must exceed it.
        var calls = Enumerable.Range(0, 400).Select(async _ =>
        {
            try
            {
                await client.ListSourcesAsync(new ListSourcesRequest(), deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: TestContext.Current.CancellationToken);
                return (RpcException?)null;
            }
            catch (RpcException error)
            {
                return error;
            }
        });
        var errors = (await Task.WhenAll(calls)).OfType<RpcException>().Where(e => e.StatusCode == StatusCode.ResourceExhausted).ToList();

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal("RATE_LIMITED", GrpcErrors.GetReason(e)));
        var retry = errors[0].GetRpcStatus()!.GetDetail<RetryInfo>();
        Assert.NotNull(retry);
        Assert.True(retry.RetryDelay.ToTimeSpan() > TimeSpan.Zero);
    }
}
