using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Credentials.Pkd.Infrastructure;

/// <summary>
/// TLS of Https sources with their own trusted roots (<c>Pkd:Sources:N:TrustedServerCertificates</c>): the server
/// certificate must chain to one of those roots only (custom root trust, no system roots), its name must match the
/// URL's host, and only TLS 1.2 and 1.3 are offered.
/// </summary>
internal static class SourceTls
{
    /// <summary>Reads CA certificates from a PEM (one or many) or DER file.</summary>
    public static bool TryLoadRoots(string path, out X509Certificate2Collection roots, out string error)
    {
        roots = [];
        error = string.Empty;
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.AsSpan().IndexOf("-----BEGIN CERTIFICATE-----"u8) >= 0)
            {
                roots.ImportFromPemFile(path);
            }
            else
            {
                roots.Add(X509CertificateLoader.LoadCertificate(bytes));
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException)
        {
            error = $"'{path}' is not a readable certificate file ({exception.GetType().Name}).";
            return false;
        }

        if (roots.Count == 0)
        {
            error = $"'{path}' holds no certificate.";
            return false;
        }

        return true;
    }

    /// <summary>A handler whose server-certificate check uses only <paramref name="roots"/>.</summary>
    public static SocketsHttpHandler CreateHandler(X509Certificate2Collection roots)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(roots);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateChainPolicy = policy,
            },
        };
    }
}
