using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Grpc;
using Credentials.IntegrationTests.Services;
using Grpc.Net.Client;

namespace Credentials.IntegrationTests.TrustAnchor;

/// <summary>
/// The set-up every trust-anchor test starts with: the stack is required, the client TLS material of one dev-PKI
/// identity is loaded, a channel to trust-anchor is opened and the service's first snapshot is waited for
/// (<see cref="TrustAnchorWarmUp"/>). Disposing closes the channel, then the TLS material.
/// </summary>
internal sealed class TrustAnchorConnection : IDisposable
{
    private readonly GrpcChannel _channel;

    private TrustAnchorConnection(SuiteFixture suite, string identity)
    {
        Tls = suite.ClientTls(identity);
        _channel = suite.Channel("trust-anchor", Tls);
        Client = new TrustAnchorService.TrustAnchorServiceClient(_channel);
    }

    /// <summary>The identity's TLS material, for channels to other services of the suite.</summary>
    public ClientTlsMaterial Tls { get; }

    /// <summary>The trust-anchor client.</summary>
    public TrustAnchorService.TrustAnchorServiceClient Client { get; }

    /// <summary>Requires the stack, connects as <paramref name="identity"/> (admin, relying-party...) and waits for trust-anchor's warm-up.</summary>
    public static async Task<TrustAnchorConnection> OpenAsync(SuiteFixture suite, string identity, CancellationToken cancellationToken)
    {
        suite.RequireStack();
        var connection = new TrustAnchorConnection(suite, identity);
        try
        {
            await TrustAnchorWarmUp.EnsureAsync(connection.Client, cancellationToken);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _channel.Dispose();
        Tls.Dispose();
    }
}
