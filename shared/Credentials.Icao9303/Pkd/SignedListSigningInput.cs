namespace Credentials.Icao9303.Pkd;

/// <summary>
/// What the list signer's HSM must sign for a new CSCA Master List or Deviation List: the DER signed attributes
/// (<c>SET OF Attribute</c> with contentType, messageDigest and optionally signingTime; RFC 5652 §5.4) and their
/// digest. Produced by <see cref="MasterListBuilder.PrepareSigning"/> / <see cref="DeviationListBuilder.PrepareSigning"/>,
/// consumed by the matching <c>Assemble</c>.
/// </summary>
public sealed record SignedListSigningInput
{
    /// <summary>DER CscaMasterList or DeviationList (the eContent).</summary>
    public required ReadOnlyMemory<byte> EContent { get; init; }

    /// <summary>Digest algorithm OID for messageDigest, the SignerInfo digestAlgorithm and <see cref="DigestToSign"/>.</summary>
    public required string DigestAlgorithmOid { get; init; }

    /// <summary>DER <c>SET OF Attribute</c>: the exact bytes the signature covers.</summary>
    public required ReadOnlyMemory<byte> SignedAttributes { get; init; }

    /// <summary>Digest of <see cref="SignedAttributes"/> for an HSM that signs a prehashed value.</summary>
    public required ReadOnlyMemory<byte> DigestToSign { get; init; }

    /// <summary>Number of distinct CSCA certificates in a Master List (0 for a Deviation List).</summary>
    public required int CertificateCount { get; init; }
}
