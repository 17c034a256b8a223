using System.Formats.Asn1;

namespace Credentials.KeyVault.Pkcs11;

/// <summary>
/// Builds a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) from the attributes of a PKCS#11 public key object:
/// <code>
/// SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
/// </code>
/// RSA (RFC 3279 §2.3.1): rsaEncryption with NULL parameters, the key an RSAPublicKey SEQUENCE { modulus, exponent }.
/// EC (RFC 5480 §2): id-ecPublicKey with the namedCurve OID from CKA_EC_PARAMS, the key the uncompressed point
/// 04 || X || Y, which CKA_EC_POINT holds wrapped in a DER OCTET STRING (PKCS#11 v2.40 §2.3.3).
/// </summary>
internal static class Pkcs11PublicKeyEncoding
{
    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";

    /// <summary>SubjectPublicKeyInfo of an RSA key from CKA_MODULUS and CKA_PUBLIC_EXPONENT (big-endian, unsigned).</summary>
    public static byte[] RsaSubjectPublicKeyInfo(ReadOnlySpan<byte> modulus, ReadOnlySpan<byte> publicExponent)
    {
        // WriteIntegerUnsigned wants minimal big-endian magnitudes.
        modulus = modulus.TrimStart((byte)0);
        publicExponent = publicExponent.TrimStart((byte)0);
        if (modulus.IsEmpty || publicExponent.IsEmpty)
        {
            throw new KeyVaultException(KeyVaultErrorReason.DeviceError, "The token returned a zero or empty RSA modulus or exponent.");
        }

        var key = new AsnWriter(AsnEncodingRules.DER);
        using (key.PushSequence())
        {
            key.WriteIntegerUnsigned(modulus);
            key.WriteIntegerUnsigned(publicExponent);
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(RsaEncryptionOid);
                writer.WriteNull();
            }

            writer.WriteBitString(key.Encode());
        }

        return writer.Encode();
    }

    /// <summary>
    /// The EC algorithm named by CKA_EC_PARAMS, which must be the DER OBJECT IDENTIFIER of a supported named curve
    /// (explicit parameters and implicitlyCA are refused: the vault only creates named-curve keys).
    /// </summary>
    public static KeyAlgorithm CurveFromEcParameters(byte[] ecParameters)
    {
        ArgumentNullException.ThrowIfNull(ecParameters);
        string oid;
        try
        {
            var reader = new AsnReader(ecParameters, AsnEncodingRules.DER);
            oid = reader.ReadObjectIdentifier();
            reader.ThrowIfNotEmpty();
        }
        catch (AsnContentException ex)
        {
            throw new KeyVaultException(KeyVaultErrorReason.UnsupportedAlgorithm, "CKA_EC_PARAMS is not a named-curve OBJECT IDENTIFIER.", ex);
        }

        var algorithm = KeyAlgorithms.FromCurveOid(oid);
        return algorithm != KeyAlgorithm.Unspecified
            ? algorithm
            : throw new KeyVaultException(KeyVaultErrorReason.UnsupportedAlgorithm, $"The curve {oid} is not supported.");
    }

    /// <summary>
    /// The uncompressed point 04 || X || Y from CKA_EC_POINT. The DER OCTET STRING wrapper is what the standard
    /// requires; some modules return the bare point, accepted here as the named leniency <c>bare-ec-point</c>
    /// (unambiguous: the bare point is exactly 1 + 2 × field length bytes, the wrapped one is longer).
    /// </summary>
    public static byte[] UncompressedPoint(byte[] ecPoint, KeyAlgorithm curve)
    {
        ArgumentNullException.ThrowIfNull(ecPoint);
        var pointLength = 1 + (2 * curve.CurveFieldBytes());
        byte[] point;
        if (ecPoint.Length == pointLength)
        {
            point = ecPoint;
        }
        else
        {
            try
            {
                var reader = new AsnReader(ecPoint, AsnEncodingRules.DER);
                point = reader.ReadOctetString();
                reader.ThrowIfNotEmpty();
            }
            catch (AsnContentException ex)
            {
                throw new KeyVaultException(KeyVaultErrorReason.DeviceError, "CKA_EC_POINT is not a DER OCTET STRING.", ex);
            }
        }

        if (point.Length != pointLength || point[0] != 0x04)
        {
            throw new KeyVaultException(
                KeyVaultErrorReason.DeviceError,
                $"CKA_EC_POINT does not hold an uncompressed {curve} point ({pointLength} bytes starting 04).");
        }

        return point;
    }

    /// <summary>SubjectPublicKeyInfo of an EC key from CKA_EC_PARAMS and CKA_EC_POINT.</summary>
    public static byte[] EcSubjectPublicKeyInfo(byte[] ecParameters, byte[] ecPoint)
    {
        var curve = CurveFromEcParameters(ecParameters);
        var point = UncompressedPoint(ecPoint, curve);

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(EcPublicKeyOid);
                writer.WriteObjectIdentifier(curve.CurveOid());
            }

            writer.WriteBitString(point);
        }

        return writer.Encode();
    }
}
