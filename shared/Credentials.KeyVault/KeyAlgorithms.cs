using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Credentials.KeyVault;

/// <summary>Facts about each <see cref="KeyAlgorithm"/>: family, RSA modulus size, EC curve OID and field size.</summary>
public static class KeyAlgorithms
{
    /// <summary>Every algorithm the vault supports, in declaration order.</summary>
    public static IReadOnlyList<KeyAlgorithm> All { get; } =
    [
        KeyAlgorithm.Rsa2048, KeyAlgorithm.Rsa3072, KeyAlgorithm.Rsa4096,
        KeyAlgorithm.EcP256, KeyAlgorithm.EcP384, KeyAlgorithm.EcP521,
        KeyAlgorithm.EcBrainpoolP256r1, KeyAlgorithm.EcBrainpoolP384r1, KeyAlgorithm.EcBrainpoolP512r1,
    ];

    /// <summary>True for the RSA algorithms.</summary>
    public static bool IsRsa(this KeyAlgorithm algorithm) =>
        algorithm is KeyAlgorithm.Rsa2048 or KeyAlgorithm.Rsa3072 or KeyAlgorithm.Rsa4096;

    /// <summary>True for the ECDSA algorithms.</summary>
    public static bool IsEc(this KeyAlgorithm algorithm) =>
        algorithm is KeyAlgorithm.EcP256 or KeyAlgorithm.EcP384 or KeyAlgorithm.EcP521
            or KeyAlgorithm.EcBrainpoolP256r1 or KeyAlgorithm.EcBrainpoolP384r1 or KeyAlgorithm.EcBrainpoolP512r1;

    /// <summary>RSA modulus length in bits.</summary>
    public static int RsaModulusBits(this KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.Rsa2048 => 2048,
        KeyAlgorithm.Rsa3072 => 3072,
        KeyAlgorithm.Rsa4096 => 4096,
        _ => throw Unsupported(algorithm, "is not an RSA algorithm"),
    };

    /// <summary>Dotted OID of the named curve (RFC 5480 §2.1.1.1, RFC 5639 §4.1).</summary>
    public static string CurveOid(this KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.EcP256 => "1.2.840.10045.3.1.7",
        KeyAlgorithm.EcP384 => "1.3.132.0.34",
        KeyAlgorithm.EcP521 => "1.3.132.0.35",
        KeyAlgorithm.EcBrainpoolP256r1 => "1.3.36.3.3.2.8.1.1.7",
        KeyAlgorithm.EcBrainpoolP384r1 => "1.3.36.3.3.2.8.1.1.11",
        KeyAlgorithm.EcBrainpoolP512r1 => "1.3.36.3.3.2.8.1.1.13",
        _ => throw Unsupported(algorithm, "is not an EC algorithm"),
    };

    /// <summary>Size in bytes of one field element (and so of r and s in a raw ECDSA signature).</summary>
    public static int CurveFieldBytes(this KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.EcP256 or KeyAlgorithm.EcBrainpoolP256r1 => 32,
        KeyAlgorithm.EcP384 or KeyAlgorithm.EcBrainpoolP384r1 => 48,
        KeyAlgorithm.EcP521 => 66,
        KeyAlgorithm.EcBrainpoolP512r1 => 64,
        _ => throw Unsupported(algorithm, "is not an EC algorithm"),
    };

    /// <summary>The .NET curve for the algorithm (OpenSSL underneath knows the Brainpool curves).</summary>
    public static ECCurve Curve(this KeyAlgorithm algorithm) => ECCurve.CreateFromValue(algorithm.CurveOid());

    /// <summary>
    /// DER of the ECParameters namedCurve choice, i.e. the OBJECT IDENTIFIER of the curve, as PKCS#11 CKA_EC_PARAMS
    /// and the SubjectPublicKeyInfo algorithm parameters carry it.
    /// </summary>
    public static byte[] CurveParametersDer(this KeyAlgorithm algorithm)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteObjectIdentifier(algorithm.CurveOid());
        return writer.Encode();
    }

    /// <summary>Finds the EC algorithm whose named curve has the given dotted OID, or <see cref="KeyAlgorithm.Unspecified"/>.</summary>
    public static KeyAlgorithm FromCurveOid(string oid)
    {
        ArgumentNullException.ThrowIfNull(oid);
        foreach (var algorithm in All)
        {
            if (algorithm.IsEc() && string.Equals(algorithm.CurveOid(), oid, StringComparison.Ordinal))
            {
                return algorithm;
            }
        }

        return KeyAlgorithm.Unspecified;
    }

    /// <summary>Finds the RSA algorithm for a modulus length, or <see cref="KeyAlgorithm.Unspecified"/>.</summary>
    public static KeyAlgorithm FromRsaModulusBits(int bits) => bits switch
    {
        2048 => KeyAlgorithm.Rsa2048,
        3072 => KeyAlgorithm.Rsa3072,
        4096 => KeyAlgorithm.Rsa4096,
        _ => KeyAlgorithm.Unspecified,
    };

    private static KeyVaultException Unsupported(KeyAlgorithm algorithm, string what) =>
        new(KeyVaultErrorReason.UnsupportedAlgorithm, $"Key algorithm {algorithm} {what}.");
}
