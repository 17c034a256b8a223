namespace Credentials.Icao9303.Crypto;

/// <summary>Signature schemes Doc 9303 Part 12 section 4.1 allows for SODs and certificates (plus BSI plain ECDSA).</summary>
public enum SignatureScheme
{
    /// <summary>RSASSA-PKCS1-v1_5 (RFC 8017 section 8.2).</summary>
    RsaPkcs1 = 1,

    /// <summary>RSASSA-PSS (RFC 8017 section 8.1) with explicit parameters.</summary>
    RsaPss = 2,

    /// <summary>ECDSA with the signature as DER <c>ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }</c> (RFC 5480).</summary>
    Ecdsa = 3,

    /// <summary>ECDSA with the signature as plain r||s (BSI TR-03111 ecdsa-plain-signatures).</summary>
    EcdsaPlain = 4,
}
