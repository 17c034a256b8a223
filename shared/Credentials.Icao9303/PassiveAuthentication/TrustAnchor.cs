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

    /// <summary>
    /// Decodes one CSCA or link certificate and its public key (the expensive part with explicit EC parameters), for
    /// callers that keep anchors across stores (<see cref="PassiveAuthenticationTrustStore.FromAnchors"/>). The caller
    /// owns the result and disposes it when no store uses it any more.
    /// </summary>
    /// <exception cref="Icao9303FormatException">The certificate or its key is malformed.</exception>
    public static TrustAnchor Decode(ReadOnlyMemory<byte> encoded)
    {
        var certificate = X509CertificateParts.Decode(encoded);
        return new TrustAnchor(certificate, VerificationKey.FromSubjectPublicKeyInfo(certificate.SubjectPublicKeyInfo));
    }

    /// <inheritdoc />
    public void Dispose() => Key.Dispose();
}
