using System.Security.Cryptography.X509Certificates;

namespace Credentials.Grpc;

/// <summary>
/// What a client presents and trusts: its own certificate with key (PEM) and the internal CA that signs service
/// certificates. The internal TLS CA is never the CSCA.
/// </summary>
public sealed class ClientTlsMaterial : IDisposable
{
    private ClientTlsMaterial(X509Certificate2? clientCertificate, X509Certificate2Collection trustedRoots)
    {
        ClientCertificate = clientCertificate;
        TrustedRoots = trustedRoots;
    }

    /// <summary>The client certificate (with private key), or null to connect without one.</summary>
    public X509Certificate2? ClientCertificate { get; }

    /// <summary>Roots that the server certificate must chain to.</summary>
    public X509Certificate2Collection TrustedRoots { get; }

    /// <summary>Loads PEM files. <paramref name="certificatePath"/>/<paramref name="keyPath"/> may both be null.</summary>
    public static ClientTlsMaterial Load(string caPath, string? certificatePath, string? keyPath)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(caPath);
        if (roots.Count == 0)
        {
            throw new InvalidOperationException($"No CA certificate found in '{caPath}'.");
        }

        X509Certificate2? client = null;
        if (certificatePath is not null && keyPath is not null)
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            client = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }

        return new ClientTlsMaterial(client, roots);
    }

    public void Dispose()
    {
        ClientCertificate?.Dispose();
        foreach (var root in TrustedRoots)
        {
            root.Dispose();
        }
    }
}
