using System.Formats.Asn1;
using System.Security.Cryptography;
using Credentials.Icao9303.Bac;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace Credentials.Icao9303.Pace;

/// <summary>
/// PACE with Generic Mapping (Doc 9303 Part 11 sections 4.4 and 9.7, worked examples in Appendix G), the terminal side's
/// computations with AES: password key K_π, nonce decryption, the mapped generator
/// (ECDH: <c>G' = s·G + H</c>, <c>H = SK_map,IFD · PK_map,IC</c>; DH: <c>g' = g^s · h mod p</c>, <c>h = PK_map,IC^SK_map,IFD</c>),
/// the shared secret, session keys (<c>KS_enc = KDF(K,1)</c>, <c>KS_mac = KDF(K,2)</c>) and authentication tokens
/// (<c>T = CMAC(KS_mac, public key data object)</c>, 8 bytes, Part 11 section 4.4.3.4).
/// </summary>
public static class PaceGenericMapping
{
    /// <summary>K_π from the MRZ password: <c>KDF_π(SHA-1(MRZ_information))</c> (Part 11 section 9.7.3).</summary>
    public static byte[] DerivePasswordKeyFromMrz(string mrzInformation, int keyLength = 16)
    {
        ArgumentNullException.ThrowIfNull(mrzInformation);
#pragma warning disable CA5350 // Part 11 section 9.7.3 defines the MRZ password as SHA-1(MRZ_information).
        var secret = SHA1.HashData(System.Text.Encoding.ASCII.GetBytes(mrzInformation));
#pragma warning restore CA5350
        return Doc9303Kdf.DeriveAes(secret, Doc9303Kdf.Password, keyLength);
    }

    /// <summary>Decrypts the chip's encrypted nonce z with K_π (AES-CBC, zero IV; Part 11 section 4.4.3.3.1).</summary>
    public static byte[] DecryptNonce(byte[] passwordKey, byte[] encryptedNonce)
    {
        using var aes = Aes.Create();
        aes.Key = passwordKey;
        return aes.DecryptCbc(encryptedNonce, new byte[16], PaddingMode.None);
    }

    /// <summary>ECDH mapping: <c>H = SK_map,IFD · PK_map,IC</c>, <c>G' = s·G + H</c>. Points are uncompressed (04||X||Y).</summary>
    /// <returns>H and G' as uncompressed points.</returns>
    public static (byte[] SharedSecretH, byte[] MappedGenerator) MapEcdh(string curveName, byte[] nonce, byte[] terminalMappingPrivateKey, byte[] chipMappingPublicKey)
    {
        var curve = Curve(curveName);
        var h = curve.Curve.DecodePoint(chipMappingPublicKey).Multiply(new BigInteger(1, terminalMappingPrivateKey)).Normalize();
        if (h.IsInfinity)
        {
            throw new ArgumentException("The mapping produced the point at infinity.", nameof(chipMappingPublicKey));
        }

        var g = curve.G.Multiply(new BigInteger(1, nonce)).Add(h).Normalize();
        return (h.GetEncoded(false), g.GetEncoded(false));
    }

    /// <summary>Ephemeral public key <c>SK · G'</c> on the mapped generator.</summary>
    public static byte[] EcdhPublicKey(string curveName, byte[] mappedGenerator, byte[] privateKey)
    {
        var curve = Curve(curveName);
        return curve.Curve.DecodePoint(mappedGenerator).Multiply(new BigInteger(1, privateKey)).Normalize().GetEncoded(false);
    }

    /// <summary>Shared secret K: the x-coordinate of <c>SK_IFD · PK_IC</c>, as many bytes as the field.</summary>
    public static byte[] EcdhSharedSecret(string curveName, byte[] terminalPrivateKey, byte[] chipPublicKey)
    {
        var curve = Curve(curveName);
        var point = curve.Curve.DecodePoint(chipPublicKey).Multiply(new BigInteger(1, terminalPrivateKey)).Normalize();
        return point.AffineXCoord.GetEncoded();
    }

    /// <summary>DH mapping: <c>h = PK_map,IC^SK_map,IFD mod p</c>, <c>g' = g^s · h mod p</c>.</summary>
    public static (byte[] SharedSecretH, byte[] MappedGenerator) MapDh(byte[] p, byte[] g, byte[] nonce, byte[] terminalMappingPrivateKey, byte[] chipMappingPublicKey)
    {
        var prime = new BigInteger(1, p);
        var h = new BigInteger(1, chipMappingPublicKey).ModPow(new BigInteger(1, terminalMappingPrivateKey), prime);
        var mapped = new BigInteger(1, g).ModPow(new BigInteger(1, nonce), prime).Multiply(h).Mod(prime);
        return (Fixed(h, p.Length), Fixed(mapped, p.Length));
    }

    /// <summary>DH public key or shared secret: <c>base^exponent mod p</c>, as many bytes as p.</summary>
    public static byte[] DhModPow(byte[] p, byte[] @base, byte[] exponent)
    {
        var prime = new BigInteger(1, p);
        return Fixed(new BigInteger(1, @base).ModPow(new BigInteger(1, exponent), prime), p.Length);
    }

    /// <summary>Session keys from the shared secret (AES-128 unless <paramref name="keyLength"/> says otherwise).</summary>
    public static (byte[] KsEnc, byte[] KsMac) DeriveSessionKeys(byte[] sharedSecret, int keyLength = 16) =>
        (Doc9303Kdf.DeriveAes(sharedSecret, Doc9303Kdf.Encryption, keyLength), Doc9303Kdf.DeriveAes(sharedSecret, Doc9303Kdf.Mac, keyLength));

    /// <summary>
    /// Authentication token over the other side's ephemeral public key: <c>CMAC(KS_mac, 7F49 { 06 OID, 86 point })</c>
    /// (ECDH) or <c>7F49 { 06 OID, 84 y }</c> (DH), truncated to 8 bytes (Part 11 section 4.4.3.4, 9.4).
    /// </summary>
    public static byte[] AuthenticationToken(byte[] macKey, string protocolOid, byte[] otherPublicKey, bool isEcdh)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence(new Asn1Tag(TagClass.Application, 0x49, true)))
        {
            writer.WriteObjectIdentifier(protocolOid);
            writer.WriteOctetString(otherPublicKey, new Asn1Tag(TagClass.ContextSpecific, isEcdh ? 6 : 4));
        }

        var input = writer.Encode();
        var cmac = new CMac(new AesEngine());
        cmac.Init(new KeyParameter(macKey));
        cmac.BlockUpdate(input, 0, input.Length);
        var output = new byte[cmac.GetMacSize()];
        cmac.DoFinal(output, 0);
        return output[..8];
    }

    private static X9ECParameters Curve(string name) =>
        ECNamedCurveTable.GetByName(name) ?? throw new ArgumentException($"Unknown curve {name}.", nameof(name));

    private static byte[] Fixed(BigInteger value, int length)
    {
        var bytes = value.ToByteArrayUnsigned();
        if (bytes.Length >= length)
        {
            return bytes;
        }

        var padded = new byte[length];
        bytes.CopyTo(padded, length - bytes.Length);
        return padded;
    }
}
