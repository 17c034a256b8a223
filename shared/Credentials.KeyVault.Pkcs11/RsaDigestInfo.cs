using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Credentials.KeyVault.Pkcs11;

/// <summary>
/// The DigestInfo that RSASSA-PKCS1-v1_5 signs (RFC 8017 §9.2, step 2):
/// <code>
/// DigestInfo ::= SEQUENCE {
///     digestAlgorithm AlgorithmIdentifier,   -- parameters NULL for the SHA-2 family
///     digest OCTET STRING }
/// </code>
/// CKM_RSA_PKCS signs whatever bytes it is given, so the vault builds this itself.
/// </summary>
internal static class RsaDigestInfo
{
    /// <summary>DER of the DigestInfo around <paramref name="digest"/>.</summary>
    public static byte[] Create(HashAlgorithmName hash, ReadOnlySpan<byte> digest)
    {
        if (digest.Length != SignatureScheme.DigestLengthOf(hash))
        {
            throw new KeyVaultException(
                KeyVaultErrorReason.InvalidDigest, $"A {hash.Name} digest is {SignatureScheme.DigestLengthOf(hash)} bytes; got {digest.Length}.");
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(HashOid(hash));
                writer.WriteNull();
            }

            writer.WriteOctetString(digest);
        }

        return writer.Encode();
    }

    private static string HashOid(HashAlgorithmName hash)
    {
        if (hash == HashAlgorithmName.SHA256)
        {
            return "2.16.840.1.101.3.4.2.1";
        }

        if (hash == HashAlgorithmName.SHA384)
        {
            return "2.16.840.1.101.3.4.2.2";
        }

        if (hash == HashAlgorithmName.SHA512)
        {
            return "2.16.840.1.101.3.4.2.3";
        }

        throw new KeyVaultException(KeyVaultErrorReason.UnsupportedAlgorithm, $"Hash algorithm '{hash.Name}' is not supported.");
    }
}
