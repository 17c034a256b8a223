using System.Formats.Asn1;

namespace Credentials.KeyVault.Pkcs11;

/// <summary>
/// Converts the raw ECDSA signature PKCS#11 returns (r || s, each as long as the curve's field, PKCS#11 v2.40
/// §2.3.1) into the DER form X.509 and CMS carry (RFC 3279 §2.2.3):
/// <code>
/// Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }
/// </code>
/// </summary>
internal static class EcdsaSignatureEncoding
{
    /// <summary>DER Ecdsa-Sig-Value of a raw r||s signature over a curve with <paramref name="fieldBytes"/>-byte elements.</summary>
    public static byte[] RawToDer(ReadOnlySpan<byte> raw, int fieldBytes)
    {
        if (fieldBytes <= 0 || raw.Length != 2 * fieldBytes)
        {
            throw new KeyVaultException(
                KeyVaultErrorReason.DeviceError,
                $"The token returned a {raw.Length}-byte ECDSA signature; {2 * fieldBytes} bytes (r || s) were expected.");
        }

        var r = raw[..fieldBytes];
        var s = raw[fieldBytes..];
        if (IsZero(r) || IsZero(s))
        {
            throw new KeyVaultException(KeyVaultErrorReason.DeviceError, "The token returned an ECDSA signature with r or s equal to zero.");
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(r.TrimStart((byte)0));
            writer.WriteIntegerUnsigned(s.TrimStart((byte)0));
        }

        return writer.Encode();
    }

    private static bool IsZero(ReadOnlySpan<byte> value) => !value.ContainsAnyExcept((byte)0);
}
