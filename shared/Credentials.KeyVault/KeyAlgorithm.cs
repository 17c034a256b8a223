namespace Credentials.KeyVault;

/// <summary>
/// Key pair algorithms the vault can generate. Doc 9303 Part 12 §4 (signature algorithms for CSCA and Document Signer
/// certificates) allows RSA (PKCS#1 v1.5 and RSASSA-PSS) and ECDSA over prime curves; the NIST and Brainpool curves
/// below are the ones seen in issued certificates.
/// </summary>
public enum KeyAlgorithm
{
    /// <summary>No algorithm; never valid for generation.</summary>
    Unspecified = 0,

    /// <summary>RSA with a 2048-bit modulus.</summary>
    Rsa2048 = 1,

    /// <summary>RSA with a 3072-bit modulus.</summary>
    Rsa3072 = 2,

    /// <summary>RSA with a 4096-bit modulus.</summary>
    Rsa4096 = 3,

    /// <summary>ECDSA over NIST P-256 (secp256r1).</summary>
    EcP256 = 10,

    /// <summary>ECDSA over NIST P-384 (secp384r1).</summary>
    EcP384 = 11,

    /// <summary>ECDSA over NIST P-521 (secp521r1).</summary>
    EcP521 = 12,

    /// <summary>ECDSA over brainpoolP256r1 (RFC 5639).</summary>
    EcBrainpoolP256r1 = 20,

    /// <summary>ECDSA over brainpoolP384r1 (RFC 5639).</summary>
    EcBrainpoolP384r1 = 21,

    /// <summary>ECDSA over brainpoolP512r1 (RFC 5639).</summary>
    EcBrainpoolP512r1 = 22,
}
