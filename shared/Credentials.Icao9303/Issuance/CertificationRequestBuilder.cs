using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Credentials.Icao9303.Issuance;

/// <summary>
/// Builds a PKCS#10 request (RFC 2986) for a key held elsewhere: .NET encodes the CertificationRequestInfo and the
/// <see cref="ICertificateSigner"/> (an HSM) signs it, so the request proves possession without the key leaving the HSM.
/// The request carries no attributes; the CSCA decides the extensions (Doc 9303 Part 12 §7.1.1).
/// </summary>
public static class CertificationRequestBuilder
{
    /// <summary>Creates the DER request for <paramref name="subject"/> and the key behind <paramref name="signer"/>.</summary>
    /// <param name="subject">The requested subject.</param>
    /// <param name="subjectPublicKeyInfo">DER SubjectPublicKeyInfo of the key <paramref name="signer"/> signs with.</param>
    /// <param name="signer">The key pair's signing side.</param>
    /// <param name="cancellationToken">Cancels the signing call.</param>
    public static async Task<byte[]> CreateAsync(
        X500DistinguishedName subject,
        ReadOnlyMemory<byte> subjectPublicKeyInfo,
        ICertificateSigner signer,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(signer);
        var request = new CertificateRequest(subject, CscaCertificateIssuer.LoadPublicKey(subjectPublicKeyInfo), signer.Algorithm.Hash);
        var generator = new TbsCapturingSignatureGenerator(signer.Algorithm);
        request.CreateSigningRequest(generator);
        var info = generator.ToBeSigned ?? throw new CryptographicException("CertificateRequest did not ask for a signature.");
        // CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm, signature BIT STRING }:
        // the same shape as a certificate, so the same assembly applies.
        return await IssuerSigning.SignAsync(info, signer, cancellationToken);
    }
}
