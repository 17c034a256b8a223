using Credentials.Contracts.Csca.V1;
using Credentials.Core;
using Credentials.Dtc.Application;
using Credentials.Dtc.Options;
using Credentials.Grpc;
using Credentials.ServiceDefaults.Tls;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace Credentials.Dtc.Infrastructure;

/// <summary>
/// csca's IssueSignerCertificate over mutual TLS with this service's own client certificate (identity
/// <c>spiffe://credentials/dtc</c>, allowed by csca's access policy). One channel per process; every call has a deadline.
/// </summary>
internal sealed class CscaClient : IDtcSignerCertificateIssuer, IDisposable
{
    private readonly DtcOptions _options;
    private readonly TlsOptions _tls;
    private readonly Lazy<(ClientTlsMaterial Tls, GrpcChannel Channel)> _channel;
    private readonly DownstreamCallInterceptor _downstream = new("csca");

    public CscaClient(IOptions<DtcOptions> options, IOptions<TlsOptions> tls)
    {
        _options = options.Value;
        _tls = tls.Value;
        _channel = new Lazy<(ClientTlsMaterial, GrpcChannel)>(Open, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public async Task<IssueSignerCertificateResponse> IssueAsync(IssueSignerCertificateRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_options.CscaEndpoint))
        {
            throw DtcErrors.CscaNotConfigured();
        }

        var client = new CscaService.CscaServiceClient(_channel.Value.Channel.Intercept(_downstream));
        try
        {
            return await client.IssueSignerCertificateAsync(request, deadline: DateTime.UtcNow.Add(_options.CscaDeadline), cancellationToken: cancellationToken);
        }
        catch (DownstreamCallException failure)
        {
            throw ToDomainError(failure);
        }
    }

    /// <summary>
    /// What a failed IssueSignerCertificate means to dtc: csca unreachable is DEPENDENCY_UNAVAILABLE (retry); any refusal
    /// means no DTC Signer certificate can be had, NO_ACTIVE_SIGNER_KEY (the <see cref="IDtcSignerCertificateIssuer"/>
    /// contract: only domain errors leave it).
    /// </summary>
    internal static CredentialsException ToDomainError(DownstreamCallException failure) =>
        DtcErrors.CscaFailed(failure.IsTransient, $"{failure.StatusCode}: {failure.Detail}", failure);

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
        var tls = ClientTlsMaterial.Load(
            Or(_options.CscaCaPath, _tls.ClientCaPath),
            Or(_options.CscaClientCertificatePath, _tls.CertificatePath),
            Or(_options.CscaClientKeyPath, _tls.KeyPath));
        return (tls, MutualTlsChannel.Create(_options.CscaEndpoint, tls));
    }

    private static string Or(string value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;
}
