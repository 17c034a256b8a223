namespace Credentials.Icao9303.Sod;

/// <summary>
/// What the document signer's HSM must sign for a new EF.SOD: the DER signed attributes
/// (<c>SET OF Attribute</c> with contentType, messageDigest and optionally signingTime; RFC 5652 section 5.4) and their
/// digest. Produced by <see cref="EfSodBuilder.PrepareSigning"/> and consumed by <see cref="EfSodBuilder.Assemble"/>.
/// </summary>
public sealed record SodSigningInput
{
    /// <summary>DER LDSSecurityObject (the eContent).</summary>
    public required ReadOnlyMemory<byte> EContent { get; init; }

    /// <summary>Digest algorithm OID used for messageDigest, the SignerInfo digestAlgorithm and <see cref="DigestToSign"/>.</summary>
    public required string DigestAlgorithmOid { get; init; }

    /// <summary>DER <c>SET OF Attribute</c>: the exact bytes the signature covers.</summary>
    public required ReadOnlyMemory<byte> SignedAttributes { get; init; }

    /// <summary>Digest of <see cref="SignedAttributes"/> for an HSM that signs a prehashed value.</summary>
    public required ReadOnlyMemory<byte> DigestToSign { get; init; }
}
