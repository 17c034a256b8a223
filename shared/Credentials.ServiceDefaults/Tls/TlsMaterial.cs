using System.Security.Cryptography.X509Certificates;

namespace Credentials.ServiceDefaults.Tls;

/// <summary>Loads PEM certificates and keys for Kestrel and gRPC clients.</summary>
public static class TlsMaterial
{
    /// <summary>Loads a certificate with its private key from PEM files, usable as a TLS server or client certificate.</summary>
    public static X509Certificate2 LoadCertificateWithKey(string certificatePath, string keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        // Re-import as PKCS#12 so that OpenSSL-backed SslStream can use the ephemeral key on every platform.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>Loads every certificate from a PEM bundle (e.g. the internal CA).</summary>
    public static X509Certificate2Collection LoadBundle(string path)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        if (collection.Count == 0)
        {
            throw new InvalidOperationException($"No certificate found in '{path}'.");
        }

        return collection;
    }

    /// <summary>
    /// True when <paramref name="certificate"/> chains to one of <paramref name="trustedRoots"/> (custom root trust,
    /// never the system store) and is valid for client authentication at the current time.
    /// </summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection trustedRoots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedRoots);
        // The internal dev CA publishes no CRL; service identities are short-lived and rotated instead (docs/operations.md).
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2")); // id-kp-clientAuth
        return chain.Build(certificate);
    }
}
