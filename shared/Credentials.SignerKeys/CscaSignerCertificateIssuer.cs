using Credentials.Contracts.Csca.V1;
using Credentials.Grpc;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace Credentials.SignerKeys;

/// <summary>
/// csca's IssueSignerCertificate over mutual TLS with the calling service's own client certificate (its SPIFFE
/// identity, allowed by csca's access policy). One channel per process, opened on first use (a service starts without
/// csca); every call has a deadline; a failed call arrives as <see cref="DownstreamCallException"/>.
/// </summary>
public sealed class CscaSignerCertificateIssuer : ISignerCertificateIssuer, IDisposable
{
    private readonly CscaConnection _connection;
    private readonly Lazy<(ClientTlsMaterial Tls, GrpcChannel Channel)> _channel;
    private readonly DownstreamCallInterceptor _downstream = new("csca");

    public CscaSignerCertificateIssuer(CscaConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _channel = new Lazy<(ClientTlsMaterial, GrpcChannel)>(Open, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public async Task<IssueSignerCertificateResponse> IssueAsync(IssueSignerCertificateRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_connection.Endpoint))
        {
            throw _connection.NotConfigured();
        }

        var client = new CscaService.CscaServiceClient(_channel.Value.Channel.Intercept(_downstream));
        return await client.IssueSignerCertificateAsync(request, deadline: DateTime.UtcNow.Add(_connection.Deadline), cancellationToken: cancellationToken);
    }

    public void Dispose()
    {
        if (_channel.IsValueCreated)
        {
            _channel.Value.Channel.Dispose();
            _channel.Value.Tls.Dispose();
        }
    }

    private (ClientTlsMaterial, GrpcChannel) Open()
    {
        var tls = ClientTlsMaterial.Load(_connection.CaPath, _connection.ClientCertificatePath, _connection.ClientKeyPath);
        return (tls, MutualTlsChannel.Create(_connection.Endpoint, tls));
    }
}
