using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Pkd;

namespace Credentials.Icao9303.Issuance;

/// <summary>
/// Issues CSCA certificates per Doc 9303 Part 12 §7.1.1 Table 6 (CSCA column): self-signed certificates and link
/// certificates (§5.1.1: a new CSCA key certified by the previous one). Both carry
/// KeyUsage keyCertSign+cRLSign (critical), BasicConstraints cA pathLen 0 (critical), SubjectKeyIdentifier,
/// AuthorityKeyIdentifier, PrivateKeyUsagePeriod and optional CRL distribution points.
/// </summary>
public static class CscaCertificateIssuer
{
    /// <summary>
    /// Issues the self-signed CSCA certificate of the key <paramref name="signer"/> holds
    /// (issuer = subject, AKI = SKI = the key's identifier).
    /// </summary>
    /// <param name="template">Name, validity and private key usage period.</param>
    /// <param name="subjectPublicKeyInfo">DER SubjectPublicKeyInfo of the key that <paramref name="signer"/> signs with.</param>
    /// <param name="signer">The new CSCA key.</param>
    /// <param name="random">Source of the serial number.</param>
    /// <param name="cancellationToken">Cancels the signing call.</param>
    /// <returns>The DER certificate.</returns>
    public static Task<byte[]> IssueSelfSignedAsync(
        CscaCertificateTemplate template,
        ReadOnlyMemory<byte> subjectPublicKeyInfo,
        ICertificateSigner signer,
        RandomNumberGenerator random,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(signer);
        template.Validate();
        var subject = template.BuildSubjectName();
        var publicKey = LoadPublicKey(subjectPublicKeyInfo);
        var keyId = IcaoExtensions.KeyIdentifier(publicKey);
        return IssueAsync(template, subject, publicKey, keyId, subject, keyId, signer, random, cancellationToken);
    }

    /// <summary>
    /// Issues a link certificate: subject and key of the new CSCA generation, issuer = the previous CSCA's subject,
    /// AKI = the previous CSCA's SKI, signed by the previous key (Part 12 §5.1.1, §7.1.1).
    /// </summary>
    /// <param name="template">The new generation's name, validity and private key usage period.</param>
    /// <param name="newSubjectPublicKeyInfo">DER SubjectPublicKeyInfo of the new CSCA key.</param>
    /// <param name="previousCscaCertificate">The previous generation's CSCA certificate (DER).</param>
    /// <param name="previousSigner">The previous CSCA key.</param>
    /// <param name="random">Source of the serial number.</param>
    /// <param name="cancellationToken">Cancels the signing call.</param>
    /// <returns>The DER link certificate.</returns>
    public static Task<byte[]> IssueLinkAsync(
        CscaCertificateTemplate template,
        ReadOnlyMemory<byte> newSubjectPublicKeyInfo,
        ReadOnlyMemory<byte> previousCscaCertificate,
        ICertificateSigner previousSigner,
        RandomNumberGenerator random,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(previousSigner);
        template.Validate();
        var previous = X509CertificateParts.Decode(previousCscaCertificate);
        if (!previous.IsCertificateAuthority || previous.SubjectKeyIdentifier is not { } previousKeyId)
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.IssuerNotUsable, "The previous CSCA certificate is not a CA certificate with a SubjectKeyIdentifier.");
        }

        if (!string.Equals(Names.CountryOf(previous.Subject), template.Country, StringComparison.OrdinalIgnoreCase))
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.FieldInvalid, "A link certificate cannot change the country of the CSCA.");
        }

        var subject = template.BuildSubjectName();
        var publicKey = LoadPublicKey(newSubjectPublicKeyInfo);
        var keyId = IcaoExtensions.KeyIdentifier(publicKey);
        var issuer = new X500DistinguishedName(previous.Subject.Span);
        return IssueAsync(template, subject, publicKey, keyId, issuer, previousKeyId.ToArray(), previousSigner, random, cancellationToken);
    }

    internal static PublicKey LoadPublicKey(ReadOnlyMemory<byte> subjectPublicKeyInfo)
    {
        try
        {
            var key = PublicKey.CreateFromSubjectPublicKeyInfo(subjectPublicKeyInfo.Span, out var read);
            if (read != subjectPublicKeyInfo.Length)
            {
                throw new Icao9303FormatException("issuance.public-key", "Trailing data after the SubjectPublicKeyInfo.");
            }

            return key;
        }
        catch (CryptographicException ex)
        {
            throw new Icao9303FormatException("issuance.public-key", "The SubjectPublicKeyInfo does not decode.", ex);
        }
    }

    private static async Task<byte[]> IssueAsync(
        CscaCertificateTemplate template,
        X500DistinguishedName subject,
        PublicKey publicKey,
        byte[] keyId,
        X500DistinguishedName issuer,
        byte[] authorityKeyId,
        ICertificateSigner signer,
        RandomNumberGenerator random,
        CancellationToken cancellationToken)
    {
        var request = new CertificateRequest(subject, publicKey, signer.Algorithm.Hash);
        // Part 12 §7.1.1 Table 6: CSCA and link certificates — keyCertSign and cRLSign, critical.
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        // Part 12 §7.1.1 Table 6: basicConstraints cA TRUE, pathLenConstraint 0, critical.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(keyId, critical: false));
        request.CertificateExtensions.Add(IcaoExtensions.AuthorityKeyIdentifier(authorityKeyId));
        // Part 12 §7.1.1 Table 6: privateKeyUsagePeriod is present for CSCA certificates, non-critical.
        request.CertificateExtensions.Add(IcaoExtensions.PrivateKeyUsagePeriod(template.PrivateKeyUsageNotBefore, template.PrivateKeyUsageNotAfter));
        if (template.CrlDistributionPoints.Count > 0)
        {
            request.CertificateExtensions.Add(IcaoExtensions.CrlDistributionPoints(template.CrlDistributionPoints));
        }

        return await IssuerSigning.CreateCertificateAsync(
            request,
            issuer,
            IcaoExtensions.TruncateToSeconds(template.NotBefore),
            IcaoExtensions.TruncateToSeconds(template.NotAfter),
            CertificateSerialNumber.Create(random),
            signer,
            cancellationToken);
    }
}
