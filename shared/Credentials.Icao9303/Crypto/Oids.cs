namespace Credentials.Icao9303.Crypto;

/// <summary>Object identifiers used by the Doc 9303 PKI (Part 10, Part 11, Part 12) and the RFCs they build on.</summary>
public static class Oids
{
    // Digests (NIST, RFC 5754).
    public const string Sha1 = "1.3.14.3.2.26";
    public const string Sha224 = "2.16.840.1.101.3.4.2.4";
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";

    // RSA (RFC 8017).
    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string Sha1WithRsa = "1.2.840.113549.1.1.5";
    public const string Sha224WithRsa = "1.2.840.113549.1.1.14";
    public const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    public const string Sha384WithRsa = "1.2.840.113549.1.1.12";
    public const string Sha512WithRsa = "1.2.840.113549.1.1.13";
    public const string RsassaPss = "1.2.840.113549.1.1.10";
    public const string Mgf1 = "1.2.840.113549.1.1.8";

    // EC (RFC 5480, RFC 5758, BSI TR-03111).
    public const string EcPublicKey = "1.2.840.10045.2.1";
    public const string PrimeField = "1.2.840.10045.1.1";
    public const string EcdsaWithSha1 = "1.2.840.10045.4.1";
    public const string EcdsaWithSha224 = "1.2.840.10045.4.3.1";
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    public const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";
    public const string EcdsaPlainSha1 = "0.4.0.127.0.7.1.1.4.1.1";
    public const string EcdsaPlainSha224 = "0.4.0.127.0.7.1.1.4.1.2";
    public const string EcdsaPlainSha256 = "0.4.0.127.0.7.1.1.4.1.3";
    public const string EcdsaPlainSha384 = "0.4.0.127.0.7.1.1.4.1.4";
    public const string EcdsaPlainSha512 = "0.4.0.127.0.7.1.1.4.1.5";

    // CMS (RFC 5652) and PKCS#9 attributes.
    public const string Data = "1.2.840.113549.1.7.1";
    public const string SignedData = "1.2.840.113549.1.7.2";
    public const string ContentTypeAttribute = "1.2.840.113549.1.9.3";
    public const string MessageDigestAttribute = "1.2.840.113549.1.9.4";
    public const string SigningTimeAttribute = "1.2.840.113549.1.9.5";

    // ICAO (Doc 9303 Part 10 and Part 12).
    public const string LdsSecurityObject = "2.23.136.1.1.1";
    public const string CscaMasterList = "2.23.136.1.1.2";
    public const string DeviationList = "2.23.136.1.1.7";

    /// <summary>Legacy content type some early SODs carry instead of <see cref="LdsSecurityObject"/> (accepted with a warning).</summary>
    public const string LegacyLdsSecurityObject = "1.3.27.1.1.1";

    /// <summary>BSI TR-03110 id-SecurityObject, the eContentType of EF.CardSecurity.</summary>
    public const string SecurityObject = "0.4.0.127.0.7.3.2.1";

    // X.509 extensions (RFC 5280).
    public const string SubjectKeyIdentifier = "2.5.29.14";
    public const string KeyUsage = "2.5.29.15";
    public const string BasicConstraints = "2.5.29.19";
    public const string AuthorityKeyIdentifier = "2.5.29.35";
    public const string ExtendedKeyUsage = "2.5.29.37";
}
