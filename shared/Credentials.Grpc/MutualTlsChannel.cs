using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace Credentials.Grpc;

/// <summary>Creates gRPC channels to Credentials services over mutual TLS (TLS 1.2+ only).</summary>
public static class MutualTlsChannel
{
    /// <summary>
    /// Builds the HTTP handler: presents <see cref="ClientTlsMaterial.ClientCertificate"/> and accepts only a server
    /// certificate that chains to <see cref="ClientTlsMaterial.TrustedRoots"/> and matches the host name.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(ClientTlsMaterial tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        var ssl = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is not null && ValidateServer(new X509Certificate2(certificate), errors, tls.TrustedRoots),
        };
        if (tls.ClientCertificate is not null)
        {
            ssl.ClientCertificates = new X509CertificateCollection { tls.ClientCertificate };
        }

        return new SocketsHttpHandler
        {
            SslOptions = ssl,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
    }

    /// <summary>Creates a channel to <paramref name="endpoint"/> (<c>host:port</c> or an https URL).</summary>
    public static GrpcChannel Create(string endpoint, ClientTlsMaterial tls, int maxReceiveMessageSize = 16 * 1024 * 1024)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        var address = endpoint.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? endpoint : "https://" + endpoint;
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = CreateHandler(tls),
            DisposeHttpClient = true,
            MaxReceiveMessageSize = maxReceiveMessageSize,
        });
    }

    private static bool ValidateServer(X509Certificate2 certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        using (certificate)
        {
            // Name mismatch is never acceptable; chain errors are re-checked against our own roots only.
            if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(certificate);
        }
    }
}
