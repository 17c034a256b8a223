namespace Credentials.Icao9303.Issuance;

/// <summary>
/// Signature schemes the issuing profiles use (Doc 9303 Part 12 §4.1: RSASSA-PKCS1-v1_5, RSASSA-PSS and ECDSA).
/// </summary>
public enum IssuanceSignatureKind
{
    /// <summary>ECDSA; the signature value is the DER <c>Ecdsa-Sig-Value</c> (RFC 3279 §2.2.3).</summary>
    Ecdsa = 1,

    /// <summary>RSASSA-PKCS1-v1_5 (RFC 8017 §8.2).</summary>
    RsaPkcs1 = 2,

    /// <summary>RSASSA-PSS with MGF1 over the same hash and a salt as long as the hash (RFC 4055 §3.1).</summary>
    RsaPss = 3,
}
