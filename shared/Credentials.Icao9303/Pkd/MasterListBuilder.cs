using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Pkd;

/// <summary>
/// Builds our State's CSCA Master List (Doc 9303 Part 12 §9) deterministically (DER throughout) around a signature
/// produced elsewhere — the CSCA service signs in an HSM — in the same two steps as the EF.SOD builder:
/// <list type="number">
/// <item><see cref="PrepareSigning"/>: CSCA certificates → CscaMasterList eContent, signed attributes, digest to sign;</item>
/// <item>the caller signs <see cref="SignedListSigningInput.SignedAttributes"/> (or its digest) with the Master List Signer key;</item>
/// <item><see cref="Assemble"/>: ContentInfo { id-signedData, SignedData v3 } with eContentType 2.23.136.1.1.2, the
/// Master List Signer certificate (plus any extra certificates, e.g. the issuing CSCA), and one SignerInfo v1
/// (issuerAndSerialNumber).</item>
/// </list>
/// RFC 5652 §5.1-5.4. The result verifies with <see cref="SignedListVerifier.VerifyMasterList"/>.
/// </summary>
public static class MasterListBuilder
{
    /// <summary>Step 1: encodes the list and the signed attributes and returns what must be signed.</summary>
    /// <param name="cscaCertificates">CSCA and link certificates (DER); duplicates are written once, the SET is sorted.</param>
    /// <param name="digestAlgorithmOid">Digest for messageDigest and the signature.</param>
    /// <param name="signingTime">Optional signingTime attribute (UTCTime for 1950-2049).</param>
    /// <exception cref="Icao9303FormatException">A certificate is malformed.</exception>
    public static SignedListSigningInput PrepareSigning(IEnumerable<ReadOnlyMemory<byte>> cscaCertificates, string digestAlgorithmOid, DateTimeOffset? signingTime = null)
    {
        ArgumentNullException.ThrowIfNull(cscaCertificates);
        ArgumentNullException.ThrowIfNull(digestAlgorithmOid);
        if (!DigestAlgorithms.IsSupported(digestAlgorithmOid))
        {
            throw new ArgumentOutOfRangeException(nameof(digestAlgorithmOid), digestAlgorithmOid, "Unsupported digest algorithm.");
        }

        var eContent = CscaMasterList.Encode(cscaCertificates);
        var count = CscaMasterList.Decode(eContent).Certificates.Count;
        var (attributes, digest) = SignedListEncoder.SignedAttributes(Oids.CscaMasterList, eContent, digestAlgorithmOid, signingTime);
        return new SignedListSigningInput
        {
            EContent = eContent,
            DigestAlgorithmOid = digestAlgorithmOid,
            SignedAttributes = attributes,
            DigestToSign = digest,
            CertificateCount = count,
        };
    }

    /// <summary>Step 3: assembles the signed Master List (CMS ContentInfo, DER).</summary>
    /// <param name="input">From <see cref="PrepareSigning"/>.</param>
    /// <param name="signatureAlgorithm">The algorithm the signature was made with (ECDSA signatures in DER form).</param>
    /// <param name="signature">The signature over <see cref="SignedListSigningInput.SignedAttributes"/>.</param>
    /// <param name="masterListSignerCertificate">The Master List Signer certificate (DER); embedded and named in the SignerInfo.</param>
    /// <param name="additionalCertificates">Further certificates to embed (e.g. the CSCA that issued the signer).</param>
    /// <exception cref="Icao9303FormatException">A certificate is malformed.</exception>
    public static byte[] Assemble(
        SignedListSigningInput input,
        SignatureAlgorithm signatureAlgorithm,
        ReadOnlySpan<byte> signature,
        ReadOnlyMemory<byte> masterListSignerCertificate,
        IEnumerable<ReadOnlyMemory<byte>>? additionalCertificates = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(signatureAlgorithm);
        return SignedListEncoder.Assemble(Oids.CscaMasterList, input.EContent, input.DigestAlgorithmOid, input.SignedAttributes,
            signatureAlgorithm, signature, masterListSignerCertificate, additionalCertificates);
    }
}
