using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Credentials.Icao9303.Issuance;

/// <summary>
/// Signs a to-be-signed structure through an <see cref="ICertificateSigner"/> and wraps it as RFC 5280 requires for
/// both certificates and CRLs: <c>SEQUENCE { tbs, signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }</c>.
/// </summary>
internal static class IssuerSigning
{
    /// <summary>Builds the TBSCertificate with <paramref name="request"/> and signs it.</summary>
    public static async Task<byte[]> CreateCertificateAsync(
        CertificateRequest request,
        X500DistinguishedName issuerName,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        byte[] serialNumber,
        ICertificateSigner signer,
        CancellationToken cancellationToken)
    {
        var generator = new TbsCapturingSignatureGenerator(signer.Algorithm);
        using (request.Create(issuerName, generator, notBefore, notAfter, serialNumber))
        {
        }

        var tbs = generator.ToBeSigned ?? throw new CryptographicException("CertificateRequest did not ask for a signature.");
        return await SignAsync(tbs, signer, cancellationToken);
    }

    /// <summary>Signs <paramref name="toBeSigned"/> and returns the DER signed structure.</summary>
    public static async Task<byte[]> SignAsync(byte[] toBeSigned, ICertificateSigner signer, CancellationToken cancellationToken)
    {
        var digest = signer.Algorithm.ComputeDigest(toBeSigned);
        var signature = await signer.SignDigestAsync(digest, cancellationToken);
        if (signature is null || signature.Length == 0)
        {
            throw new CryptographicException("The signer returned an empty signature.");
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(toBeSigned);
            writer.WriteEncodedValue(signer.Algorithm.EncodeAlgorithmIdentifier());
            writer.WriteBitString(signature);
        }

        return writer.Encode();
    }
}
