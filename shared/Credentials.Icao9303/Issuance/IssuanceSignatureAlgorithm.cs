using System.Security.Cryptography;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Issuance;

/// <summary>
/// The signature algorithm an issuer signs certificates and CRLs with: a scheme and a SHA-2 hash
/// (Doc 9303 Part 12 §4.1 lists SHA-224/256/384/512; new objects here use SHA-256, SHA-384 or SHA-512).
/// Its DER AlgorithmIdentifier goes into both <c>TBSCertificate.signature</c> and <c>Certificate.signatureAlgorithm</c>.
/// </summary>
public sealed record IssuanceSignatureAlgorithm
{
    private IssuanceSignatureAlgorithm(IssuanceSignatureKind kind, HashAlgorithmName hash)
    {
        if (hash != HashAlgorithmName.SHA256 && hash != HashAlgorithmName.SHA384 && hash != HashAlgorithmName.SHA512)
        {
            throw new ArgumentException($"Hash {hash.Name} is not used for new signatures (SHA-256, SHA-384 or SHA-512).", nameof(hash));
        }

        Kind = kind;
        Hash = hash;
    }

    /// <summary>The scheme.</summary>
    public IssuanceSignatureKind Kind { get; }

    /// <summary>The hash the signed bytes are digested with (and, for PSS, the MGF1 hash).</summary>
    public HashAlgorithmName Hash { get; }

    /// <summary>Dotted OID of the hash.</summary>
    public string DigestOid => DigestAlgorithms.GetOid(Hash);

    /// <summary>ECDSA with <paramref name="hash"/> (ecdsa-with-SHA256/384/512, RFC 5758 §3.2).</summary>
    public static IssuanceSignatureAlgorithm Ecdsa(HashAlgorithmName hash) => new(IssuanceSignatureKind.Ecdsa, hash);

    /// <summary>RSASSA-PKCS1-v1_5 with <paramref name="hash"/> (sha256WithRSAEncryption etc., RFC 4055 §5).</summary>
    public static IssuanceSignatureAlgorithm RsaPkcs1(HashAlgorithmName hash) => new(IssuanceSignatureKind.RsaPkcs1, hash);

    /// <summary>RSASSA-PSS with <paramref name="hash"/>, MGF1 with the same hash, salt length = hash length.</summary>
    public static IssuanceSignatureAlgorithm RsaPss(HashAlgorithmName hash) => new(IssuanceSignatureKind.RsaPss, hash);

    /// <summary>The DER AlgorithmIdentifier (PKCS#1 v1.5 with NULL parameters, ECDSA without, PSS with full parameters).</summary>
    public byte[] EncodeAlgorithmIdentifier()
    {
        var digestOid = DigestOid;
        return Kind switch
        {
            IssuanceSignatureKind.RsaPss => SignatureAlgorithm.CreatePss(digestOid).Encode(),
            IssuanceSignatureKind.RsaPkcs1 => SignatureAlgorithm.FromOid(RsaOid(digestOid), null).Encode(),
            _ => SignatureAlgorithm.FromOid(EcdsaOid(digestOid), null).Encode(),
        };
    }

    /// <summary>Hashes <paramref name="data"/> with <see cref="Hash"/>.</summary>
    public byte[] ComputeDigest(ReadOnlySpan<byte> data) => DigestAlgorithms.Compute(DigestOid, data);

    private static string RsaOid(string digestOid) => digestOid switch
    {
        Oids.Sha256 => Oids.Sha256WithRsa,
        Oids.Sha384 => Oids.Sha384WithRsa,
        _ => Oids.Sha512WithRsa,
    };

    private static string EcdsaOid(string digestOid) => digestOid switch
    {
        Oids.Sha256 => Oids.EcdsaWithSha256,
        Oids.Sha384 => Oids.EcdsaWithSha384,
        _ => Oids.EcdsaWithSha512,
    };
}
