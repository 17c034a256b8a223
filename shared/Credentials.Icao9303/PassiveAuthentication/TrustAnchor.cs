using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>A CSCA (self-signed or link) certificate with its key decoded once.</summary>
public sealed class TrustAnchor : IDisposable
{
    internal TrustAnchor(X509CertificateParts certificate, VerificationKey key)
    {
        Certificate = certificate;
        Key = key;
        SubjectName = certificate.SubjectName;
    }

    /// <summary>The CSCA subject for display (decoded once).</summary>
    public string SubjectName { get; }

    /// <summary>The CSCA certificate.</summary>
    public X509CertificateParts Certificate { get; }

    /// <summary>Its public key.</summary>
    public VerificationKey Key { get; }

    /// <inheritdoc />
    public void Dispose() => Key.Dispose();
}
