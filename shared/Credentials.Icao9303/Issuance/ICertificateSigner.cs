namespace Credentials.Icao9303.Issuance;

/// <summary>
/// The issuer's private key, wherever it lives (an HSM in every real deployment): the issuing code hands it the
/// digest of a <c>TBSCertificate</c> or <c>TBSCertList</c> and gets the signature value back. Issuing code never
/// sees key material.
/// </summary>
public interface ICertificateSigner
{
    /// <summary>The algorithm the signature is made with; it is written into the signed object.</summary>
    IssuanceSignatureAlgorithm Algorithm { get; }

    /// <summary>
    /// Signs <paramref name="digest"/> (the <see cref="IssuanceSignatureAlgorithm.Hash"/> of the to-be-signed bytes).
    /// ECDSA signatures are returned DER encoded (RFC 3279 <c>Ecdsa-Sig-Value</c>), RSA signatures as the raw
    /// modulus-length octet string.
    /// </summary>
    Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, CancellationToken cancellationToken);
}
