using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Pkd;

/// <summary>
/// Builds a signed Deviation List (eContentType 2.23.136.1.1.7, Doc 9303 Part 12 §9.2) around a signature made by the
/// Deviation List Signer's key elsewhere (HSM), in the same two steps as <see cref="MasterListBuilder"/>:
/// <see cref="PrepareSigning"/> returns the signed attributes and their digest, <see cref="Assemble"/> wraps
/// everything in CMS SignedData.
/// </summary>
public static class DeviationListBuilder
{
    /// <summary>Step 1: encodes the Deviation List and its signed attributes.</summary>
    public static SignedListSigningInput PrepareSigning(IEnumerable<SignerDeviation> deviations, string digestAlgorithmOid, DateTimeOffset? signingTime = null)
    {
        ArgumentNullException.ThrowIfNull(deviations);
        ArgumentNullException.ThrowIfNull(digestAlgorithmOid);
        if (!DigestAlgorithms.IsSupported(digestAlgorithmOid))
        {
            throw new ArgumentOutOfRangeException(nameof(digestAlgorithmOid), digestAlgorithmOid, "Unsupported digest algorithm.");
        }

        var list = deviations.ToList();
        var eContent = DeviationList.Encode(list);
        var (attributes, digest) = SignedListEncoder.SignedAttributes(Oids.DeviationList, eContent, digestAlgorithmOid, signingTime);
        return new SignedListSigningInput
        {
            EContent = eContent,
            DigestAlgorithmOid = digestAlgorithmOid,
            SignedAttributes = attributes,
            DigestToSign = digest,
            CertificateCount = 0,
        };
    }

    /// <summary>Step 3: assembles the signed Deviation List (CMS ContentInfo, DER).</summary>
    public static byte[] Assemble(
        SignedListSigningInput input,
        SignatureAlgorithm signatureAlgorithm,
        ReadOnlySpan<byte> signature,
        ReadOnlyMemory<byte> deviationListSignerCertificate,
        IEnumerable<ReadOnlyMemory<byte>>? additionalCertificates = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(signatureAlgorithm);
        return SignedListEncoder.Assemble(Oids.DeviationList, input.EContent, input.DigestAlgorithmOid, input.SignedAttributes,
            signatureAlgorithm, signature, deviationListSignerCertificate, additionalCertificates);
    }
}
