using Credentials.Contracts.Csca.V1;
using Credentials.DocumentSigner.Application;
using Credentials.DocumentSigner.Options;
using Credentials.Grpc;
using Credentials.ServiceDefaults.Tls;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace Credentials.DocumentSigner.Infrastructure;

/// <summary>
/// The csca service over mutual TLS with this service's own client certificate (identity
/// <c>spiffe://credentials/document-signer</c>). One channel per process; every call has a deadline.
/// </summary>
internal sealed class CscaClient : IDisposable
{
    private readonly DocumentSignerOptions _options;
    private readonly TlsOptions _tls;
    private readonly Lazy<(ClientTlsMaterial Tls, GrpcChannel Channel)> _channel;
    private readonly DownstreamCallInterceptor _downstream = new("csca");

    public CscaClient(IOptions<DocumentSignerOptions> options, IOptions<TlsOptions> tls)
    {
        _options = options.Value;
        _tls = tls.Value;
        _channel = new Lazy<(ClientTlsMaterial, GrpcChannel)>(Open, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>csca.IssueSignerCertificate.</summary>
    public async Task<IssueSignerCertificateResponse> IssueSignerCertificateAsync(IssueSignerCertificateRequest request, CancellationToken cancellationToken)
    {
        // A refusal or outage of csca arrives as DownstreamCallException, translated by the shared interceptor.
        var client = new CscaService.CscaServiceClient(Channel().Intercept(_downstream));
        return await client.IssueSignerCertificateAsync(request, deadline: DateTime.UtcNow.Add(_options.CscaDeadline), cancellationToken: cancellationToken);
    }

    public void Dispose()
    {
        if (_channel.IsValueCreated)
        {
            _channel.Value.Channel.Dispose();
            _channel.Value.Tls.Dispose();
        }
    }

    private GrpcChannel Channel()
    {
        if (string.IsNullOrWhiteSpace(_options.CscaEndpoint))
        {
            throw DocumentSignerErrors.CscaNotConfigured();
        }

        return _channel.Value.Channel;
    }

    private (ClientTlsMaterial, GrpcChannel) Open()
    {
        var tls = ClientTlsMaterial.Load(
            Or(_options.CscaCaPath, _tls.ClientCaPath),
            Or(_options.CscaClientCertificatePath, _tls.CertificatePath),
            Or(_options.CscaClientKeyPath, _tls.KeyPath));
        return (tls, MutualTlsChannel.Create(_options.CscaEndpoint, tls));
    }

    private static string Or(string value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;
}
