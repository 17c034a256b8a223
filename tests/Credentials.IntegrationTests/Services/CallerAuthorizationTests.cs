using Credentials.Contracts.Pkd.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.ServiceDefaults.Grpc;
using Grpc.Core;

namespace Credentials.IntegrationTests.Services;

/// <summary>Issue 9: each RPC is refused, before its handler runs, to identities its rules do not name.</summary>
[Collection(SuiteCollection.Name)]
public sealed class CallerAuthorizationTests(SuiteFixture suite)
{
    [Fact]
    public async Task ImportTrustMaterial_AsRelyingParty_IsPermissionDenied()
    {
        suite.RequireStack();
        using var tls = suite.ClientTls("relying-party");
        using var channel = suite.Channel("trust-anchor", tls);
        var client = new TrustAnchorService.TrustAnchorServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.ImportTrustMaterialAsync(new ImportTrustMaterialRequest(), deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("CALLER_NOT_AUTHORIZED", GrpcErrors.GetReason(error));
    }

    [Fact]
    public async Task SyncNow_AsRelyingParty_IsPermissionDenied()
    {
        suite.RequireStack();
        using var tls = suite.ClientTls("relying-party");
        using var channel = suite.Channel("pkd", tls);
        var client = new PkdService.PkdServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.SyncNowAsync(new SyncNowRequest(), deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("CALLER_NOT_AUTHORIZED", GrpcErrors.GetReason(error));
    }

    [Fact]
    public async Task ListSources_AsRelyingParty_PassesAuthorization()
    {
        suite.RequireStack();
        using var tls = suite.ClientTls("relying-party");
        using var channel = suite.Channel("pkd", tls);
        var client = new PkdService.PkdServiceClient(channel);

        try
        {
            await client.ListSourcesAsync(new ListSourcesRequest(), deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: TestContext.Current.CancellationToken);
        }
        catch (RpcException error)
        {
            // Whatever the handler answers, the authorization layer let the call through.
            Assert.NotEqual(StatusCode.PermissionDenied, error.StatusCode);
        }
    }
}
