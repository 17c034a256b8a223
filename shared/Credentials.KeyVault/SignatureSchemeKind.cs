namespace Credentials.KeyVault;

/// <summary>The family of a <see cref="SignatureScheme"/>.</summary>
public enum SignatureSchemeKind
{
    /// <summary>No scheme; never valid.</summary>
    Unspecified = 0,

    /// <summary>RSASSA-PKCS1-v1_5 (RFC 8017 §8.2): the vault wraps the digest in a DigestInfo.</summary>
    RsaPkcs1 = 1,

    /// <summary>RSASSA-PSS (RFC 8017 §8.1) with MGF1.</summary>
    RsaPss = 2,

    /// <summary>ECDSA (X9.62 / SEC 1); the signature is returned as the DER Ecdsa-Sig-Value of RFC 3279 §2.2.3.</summary>
    Ecdsa = 3,
}
