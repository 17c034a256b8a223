using Credentials.Cli.Connection;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Grpc;
using Grpc.Core;

namespace Credentials.Cli.Commands;

/// <summary>Where <c>credctl verify|seal verify --server</c> sends the request: the endpoint, how to load the mTLS material, the deadline.</summary>
/// <param name="Endpoint">trust-anchor's <c>HOST:PORT</c>.</param>
/// <param name="LoadTls">Loads the client TLS material (the <c>--ca --cert --key</c> flags or their defaults).</param>
/// <param name="Timeout">Deadline of the call.</param>
internal sealed record VerifyServer(string Endpoint, Func<ClientTlsMaterial> LoadTls, TimeSpan Timeout)
{
    /// <summary>
    /// One call to trust-anchor over mTLS with this deadline. A refused call or unusable TLS material is written to
    /// <paramref name="error"/> and gives null (the caller exits with <see cref="ExitCodes.UsageOrIoError"/>).
    /// </summary>
    public async Task<TResponse?> CallAsync<TResponse>(
        Func<TrustAnchorService.TrustAnchorServiceClient, CallOptions, Task<TResponse>> call, TextWriter error, CancellationToken cancellationToken)
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            using var tls = LoadTls();
            using var channel = MutualTlsChannel.Create(Endpoint, tls);
            var client = new TrustAnchorService.TrustAnchorServiceClient(channel);
            return await call(client, new CallOptions(deadline: DateTime.UtcNow.Add(Timeout), cancellationToken: cancellationToken));
        }
        catch (RpcException ex)
        {
            await error.WriteLineAsync($"trust-anchor at {Endpoint} answered {ex.StatusCode}: {ex.Status.Detail}");
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or InvalidOperationException)
        {
            await error.WriteLineAsync($"cannot load TLS material: {ex.Message}");
            return null;
        }
    }
}
