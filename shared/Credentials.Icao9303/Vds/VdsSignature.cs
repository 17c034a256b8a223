using System.Formats.Asn1;
using System.Security.Cryptography;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Vds;

/// <summary>
/// The signature of a Visible Digital Seal (Doc 9303 Part 13 §2.4): ECDSA whose hash follows the curve size
/// (224 → SHA-224, 256 → SHA-256, 384 → SHA-384, 512/521 → SHA-512), written as the plain value r ‖ s, each the size of
/// the curve order (BSI TR-03111 §5.2.1). One rule for the signer (document-signer) and the verifier (<see cref="SealVerifier"/>).
/// </summary>
public static class VdsSignature
{
    /// <summary>The digest OID for an EC key of <paramref name="keySizeBits"/> bits.</summary>
    public static string DigestOid(int keySizeBits) => keySizeBits switch
    {
        <= 224 => Oids.Sha224,
        <= 256 => Oids.Sha256,
        <= 384 => Oids.Sha384,
        _ => Oids.Sha512,
    };

    /// <summary>The hash for an EC key of <paramref name="keySizeBits"/> bits (SHA-224 is not offered by .NET hashing; such keys are refused).</summary>
    /// <exception cref="Icao9303FormatException">A 224-bit key (reason <c>vds.key-size-unsupported</c>).</exception>
    public static HashAlgorithmName Hash(int keySizeBits) => DigestOid(keySizeBits) switch
    {
        Oids.Sha256 => HashAlgorithmName.SHA256,
        Oids.Sha384 => HashAlgorithmName.SHA384,
        Oids.Sha512 => HashAlgorithmName.SHA512,
        _ => throw new Icao9303FormatException("vds.key-size-unsupported", $"No signing hash for a {keySizeBits}-bit key."),
    };

    /// <summary>
    /// The plain r ‖ s form of a DER <c>ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }</c> (RFC 3279 §2.2.3) made with
    /// a key of <paramref name="keySizeBits"/> bits.
    /// </summary>
    /// <exception cref="Icao9303FormatException">Not a DER ECDSA signature, or r or s does not fit the curve (reason <c>vds.signature-invalid</c>).</exception>
    public static byte[] PlainFromDer(ReadOnlySpan<byte> der, int keySizeBits)
    {
        var half = (keySizeBits + 7) / 8;
        var plain = new byte[2 * half];
        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            var r = sequence.ReadIntegerBytes().Span;
            var s = sequence.ReadIntegerBytes().Span;
            if (sequence.HasData || reader.HasData)
            {
                throw new Icao9303FormatException("vds.signature-invalid", "Data follows the ECDSA signature value.");
            }

            Write(r, plain.AsSpan(0, half));
            Write(s, plain.AsSpan(half, half));
            return plain;
        }
        catch (AsnContentException ex)
        {
            throw new Icao9303FormatException("vds.signature-invalid", "Not a DER ECDSA signature value.", ex);
        }
    }

    private static void Write(ReadOnlySpan<byte> integer, Span<byte> field)
    {
        // DER integers are minimal and signed: strip the sign byte, then right-align in the field.
        var value = integer.Length > 1 && integer[0] == 0 ? integer[1..] : integer;
        if ((integer[0] & 0x80) != 0 || value.Length > field.Length)
        {
            throw new Icao9303FormatException("vds.signature-invalid", "r or s does not fit the curve order.");
        }

        value.CopyTo(field[(field.Length - value.Length)..]);
    }
}
