using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Vds;

/// <summary>The VDS-NC signature algorithms (TR VDS-NC §3.2, JWS names of RFC 7518 §3.4): ECDSA with plain r ‖ s.</summary>
public static class VdsNcAlgorithm
{
    /// <summary>The plain-ECDSA algorithm OID (BSI TR-03111) for a JWS name, or null when unsupported.</summary>
    public static string? SignatureOid(string name) => name switch
    {
        "ES256" => Oids.EcdsaPlainSha256,
        "ES384" => Oids.EcdsaPlainSha384,
        "ES512" => Oids.EcdsaPlainSha512,
        _ => null,
    };

    /// <summary>The digest OID for a JWS name, or null when unsupported.</summary>
    public static string? DigestOid(string name) => name switch
    {
        "ES256" => Oids.Sha256,
        "ES384" => Oids.Sha384,
        "ES512" => Oids.Sha512,
        _ => null,
    };

    /// <summary>The JWS name for an EC key of <paramref name="keySizeBits"/> bits (P-256 → ES256, P-384 → ES384, P-521 → ES512).</summary>
    public static string ForKeySize(int keySizeBits) => keySizeBits switch
    {
        <= 256 => "ES256",
        <= 384 => "ES384",
        _ => "ES512",
    };
}
