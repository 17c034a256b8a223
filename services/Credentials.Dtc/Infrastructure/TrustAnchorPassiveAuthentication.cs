using Credentials.Contracts.Common.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Dtc.Application;
using Credentials.Dtc.Options;
using Credentials.Grpc;
using Credentials.ServiceDefaults.Tls;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace Credentials.Dtc.Infrastructure;

/// <summary>
/// Passive Authentication by the trust-anchor service's VerifyDocument, and DTC Signer certificate validation by its
/// VerifyCertificate, over mutual TLS with this service's own client
/// certificate (identity <c>spiffe://credentials/dtc</c>, allowed by trust-anchor's authorization rules). One channel per
/// process; every call has a deadline.
/// </summary>
internal sealed class TrustAnchorPassiveAuthentication : IPassiveAuthenticationService, ISignerCertificateVerifier, IDisposable
{
    private readonly DtcOptions _options;
    private readonly TlsOptions _tls;
    private readonly Lazy<(ClientTlsMaterial Tls, GrpcChannel Channel)> _channel;
    private readonly DownstreamCallInterceptor _downstream = new("trust-anchor");

    public TrustAnchorPassiveAuthentication(IOptions<DtcOptions> options, IOptions<TlsOptions> tls)
    {
        _options = options.Value;
        _tls = tls.Value;
        _channel = new Lazy<(ClientTlsMaterial, GrpcChannel)>(Open, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public async Task<PassiveAuthenticationOutcome> VerifyAsync(
        ReadOnlyMemory<byte> securityObject,
        IReadOnlyDictionary<int, byte[]> dataGroups,
        VerificationPolicy? policy,
        DateTimeOffset? validationTime,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataGroups);
        var request = new VerifyDocumentRequest { SecurityObject = ByteString.CopyFrom(securityObject.Span), Policy = policy ?? new VerificationPolicy() };
        foreach (var (number, content) in dataGroups)
        {
            request.DataGroups.Add(new DataGroupContent { Number = number, Content = ByteString.CopyFrom(content) });
        }

        if (validationTime is { } at)
        {
            request.ValidationTime = Timestamp.FromDateTimeOffset(at);
        }

        var client = new TrustAnchorService.TrustAnchorServiceClient(Channel().Intercept(_downstream));
        try
        {
            var response = await client.VerifyDocumentAsync(request, deadline: DateTime.UtcNow.Add(_options.TrustAnchorDeadline), cancellationToken: cancellationToken);
            return new PassiveAuthenticationOutcome(response.Verdict, response.Checks, response.DocumentSignerCertificate);
        }
        catch (DownstreamCallException failure) when (failure.StatusCode == StatusCode.InvalidArgument)
        {
            // trust-anchor refuses only what it cannot decode: the SOD (or a data group) we passed on. Any other failure
            // is translated by the shared interceptor (DownstreamCallExceptionTranslator).
            throw DtcErrors.SodRejected(failure.Detail, failure);
        }
    }

    public async Task<VerifyCertificateResponse> VerifyCertificateAsync(
        ReadOnlyMemory<byte> certificate, VerificationPolicy? policy, DateTimeOffset? validationTime, CancellationToken cancellationToken)
    {
        var request = new VerifyCertificateRequest { Certificate = ByteString.CopyFrom(certificate.Span), Policy = policy ?? new VerificationPolicy() };
        if (validationTime is { } at)
        {
            request.ValidationTime = Timestamp.FromDateTimeOffset(at);
        }

        var client = new TrustAnchorService.TrustAnchorServiceClient(Channel().Intercept(_downstream));
        try
        {
            return await client.VerifyCertificateAsync(request, deadline: DateTime.UtcNow.Add(_options.TrustAnchorDeadline), cancellationToken: cancellationToken);
        }
        catch (DownstreamCallException failure) when (failure.StatusCode == StatusCode.InvalidArgument)
        {
            // A certificate trust-anchor cannot decode is a property of the DTC, not a failed call: an INVALID answer.
            var invalid = new VerifyCertificateResponse { Verdict = Verdict.Invalid };
            invalid.Checks.Add(new Check { Name = "certificate.structure", Status = CheckStatus.Fail, Reason = "CERTIFICATE_MALFORMED", Detail = failure.Detail });
            return invalid;
        }
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
        if (string.IsNullOrWhiteSpace(_options.TrustAnchorEndpoint))
        {
            throw DtcErrors.TrustAnchorNotConfigured();
        }

        return _channel.Value.Channel;
    }

    private (ClientTlsMaterial, GrpcChannel) Open()
    {
        var tls = ClientTlsMaterial.Load(
            Or(_options.TrustAnchorCaPath, _tls.ClientCaPath),
            Or(_options.TrustAnchorClientCertificatePath, _tls.CertificatePath),
            Or(_options.TrustAnchorClientKeyPath, _tls.KeyPath));
        return (tls, MutualTlsChannel.Create(_options.TrustAnchorEndpoint, tls));
    }

    private static string Or(string value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;
}
