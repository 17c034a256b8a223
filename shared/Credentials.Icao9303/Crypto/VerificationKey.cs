using System.Formats.Asn1;
using System.Security.Cryptography;
using Credentials.Icao9303.Asn1;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Credentials.Icao9303.Crypto;

/// <summary>
/// A public key decoded once from a DER <c>SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier,
/// subjectPublicKey BIT STRING }</c> (RFC 5280 section 4.1.2.7) and kept ready for repeated verifications.
/// <para>
/// RSA keys (rsaEncryption or id-RSASSA-PSS) and EC keys with named curves load into .NET (OpenSSL underneath).
/// EC keys with explicit domain parameters (Doc 9303 Part 12 section 4.1.6.2 allows them; many CSCAs and DSCs use them)
/// load into .NET where the platform accepts them and otherwise into BouncyCastle, behind this type.
/// </para>
/// </summary>
public sealed class VerificationKey : IDisposable
{
    // Immutable lookup table of named curves, built once (explicit parameters are matched against it).
    private static readonly Lazy<(string Name, X9ECParameters Parameters)[]> KnownCurves = new(() =>
        new[]
        {
            "secp192r1", "secp224r1", "secp256r1", "secp384r1", "secp521r1",
            "brainpoolP160r1", "brainpoolP192r1", "brainpoolP224r1", "brainpoolP256r1", "brainpoolP320r1", "brainpoolP384r1", "brainpoolP512r1",
        }.Select(n => (n, ECNamedCurveTable.GetByName(n))).ToArray());

    private VerificationKey(byte[] spki)
    {
        SubjectPublicKeyInfo = spki;
    }

    /// <summary>The DER SubjectPublicKeyInfo this key was decoded from.</summary>
    public ReadOnlyMemory<byte> SubjectPublicKeyInfo { get; }

    /// <summary>True for RSA keys.</summary>
    public bool IsRsa => Rsa is not null;

    /// <summary>True for EC keys.</summary>
    public bool IsEc => !IsRsa;

    /// <summary>Key size in bits (RSA modulus or EC field size).</summary>
    public int KeySizeBits { get; private set; }

    /// <summary>Named curve (e.g. <c>brainpoolP256r1</c>) for EC keys, identified from explicit parameters where needed.</summary>
    public string? CurveName { get; private set; }

    /// <summary>True when the EC key carried explicit domain parameters.</summary>
    public bool HasExplicitParameters { get; private set; }

    /// <summary>Display form such as <c>RSA-2048</c>, <c>EC secp256r1</c> or <c>EC brainpoolP384r1 (explicit)</c>.</summary>
    public string Description => IsRsa
        ? $"RSA-{KeySizeBits}"
        : $"EC {CurveName ?? KeySizeBits + "-bit curve"}{(HasExplicitParameters ? " (explicit)" : string.Empty)}";

    internal RSA? Rsa { get; private set; }

    internal ECDsa? Ecdsa { get; private set; }

    internal ECPublicKeyParameters? BouncyCastleEc { get; private set; }

    internal RsaKeyParameters? BouncyCastleRsa { get; private set; }

    internal OpenSslVerifyContext? Native { get; private set; }

    /// <summary>Decodes a DER SubjectPublicKeyInfo.</summary>
    /// <exception cref="Icao9303FormatException">Malformed or unsupported key (reason <c>crypto.public-key</c>).</exception>
    public static VerificationKey FromSubjectPublicKeyInfo(ReadOnlyMemory<byte> subjectPublicKeyInfoDer)
    {
        const string reason = "crypto.public-key";
        var reader = Asn1Decoding.ReadSingle(subjectPublicKeyInfoDer, AsnEncodingRules.DER, reason, "SubjectPublicKeyInfo");
        var key = new VerificationKey(subjectPublicKeyInfoDer.ToArray());
        try
        {
            Asn1Decoding.Decode(reason, "SubjectPublicKeyInfo", () =>
            {
                var spki = reader.ReadSequence();
                var algorithm = spki.ReadSequence();
                var oid = algorithm.ReadObjectIdentifier();
                var publicKey = spki.ReadBitString(out var unused);
                Asn1Decoding.EnsureEnd(spki, reason, "SubjectPublicKeyInfo");
                if (unused != 0)
                {
                    throw new Icao9303FormatException(reason, "subjectPublicKey has unused bits.");
                }

                switch (oid)
                {
                    case Oids.RsaEncryption:
                    case Oids.RsassaPss:
                        key.LoadRsa(publicKey);
                        break;
                    case Oids.EcPublicKey:
                        key.LoadEc(algorithm, subjectPublicKeyInfoDer);
                        break;
                    default:
                        throw new Icao9303FormatException("crypto.unsupported-key", $"Public key algorithm {oid} is not supported.");
                }

                key.Native = OpenSslVerifyContext.TryCreate(subjectPublicKeyInfoDer.Span);
                return key;
            });
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Rsa?.Dispose();
        Ecdsa?.Dispose();
        Native?.Dispose();
    }

    private void LoadRsa(byte[] rsaPublicKeyDer)
    {
        // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 appendix A.1.1)
        var reader = new AsnReader(rsaPublicKeyDer, AsnEncodingRules.DER);
        var seq = reader.ReadSequence();
        var modulus = seq.ReadIntegerBytes();
        var exponent = seq.ReadIntegerBytes();
        Asn1Decoding.EnsureEnd(seq, "crypto.public-key", "RSAPublicKey");
        Asn1Decoding.EnsureEnd(reader, "crypto.public-key", "RSAPublicKey");
        if (modulus.Span[0] >= 0x80 || exponent.Span[0] >= 0x80)
        {
            throw new Icao9303FormatException("crypto.public-key", "RSA modulus or exponent is negative.");
        }

        var n = Asn1Decoding.TrimInteger(modulus.Span);
        var e = Asn1Decoding.TrimInteger(exponent.Span);
        if (n.Length < 64 || n.Length > 2048 || e.Length > 8)
        {
            throw new Icao9303FormatException("crypto.public-key", $"RSA key of {n.Length * 8} bits or exponent of {e.Length} bytes is outside the supported range.");
        }

        KeySizeBits = (n.Length * 8) - System.Numerics.BitOperations.LeadingZeroCount((uint)n[0]) + 24;
        var rsa = RSA.Create();
        try
        {
            rsa.ImportParameters(new RSAParameters { Modulus = n, Exponent = e });
        }
        catch
        {
            rsa.Dispose();
            throw;
        }

        Rsa = rsa;
        BouncyCastleRsa = new RsaKeyParameters(false, new Org.BouncyCastle.Math.BigInteger(1, n), new Org.BouncyCastle.Math.BigInteger(1, e));
    }

    private void LoadEc(AsnReader algorithm, ReadOnlyMemory<byte> spkiDer)
    {
        if (!algorithm.HasData)
        {
            throw new Icao9303FormatException("crypto.public-key", "id-ecPublicKey without domain parameters (implicitlyCA) is not supported.");
        }

        var parametersTag = algorithm.PeekTag();
        HasExplicitParameters = parametersTag.HasSameClassAndValue(Asn1Tag.Sequence);
        string? namedOid = null;
        if (!HasExplicitParameters)
        {
            namedOid = algorithm.ReadObjectIdentifier();
        }

        // BouncyCastle parses every form; it also identifies the curve of explicit parameters.
        ECPublicKeyParameters bc;
        try
        {
            bc = (ECPublicKeyParameters)PublicKeyFactory.CreateKey(spkiDer.ToArray());
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidCastException or InvalidOperationException or IOException or FormatException or Org.BouncyCastle.Security.SecurityUtilityException)
        {
            throw new Icao9303FormatException("crypto.public-key", $"EC public key is not well formed: {ex.Message}", ex);
        }

        BouncyCastleEc = bc;
        KeySizeBits = bc.Parameters.Curve.FieldSize;
        CurveName = namedOid is not null ? CurveNameFromOid(namedOid) : IdentifyCurve(bc.Parameters);

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(spkiDer.Span, out _);
            Ecdsa = ecdsa;
        }
        catch (CryptographicException)
        {
            // The platform refused the key (e.g. explicit parameters on some OSes): BouncyCastle verifies instead.
            ecdsa.Dispose();
        }
    }

    private static string? CurveNameFromOid(string oid)
    {
        var name = ECNamedCurveTable.GetName(new Org.BouncyCastle.Asn1.DerObjectIdentifier(oid));
        return name switch
        {
            null => oid,
            "prime256v1" or "P-256" => "secp256r1",
            "P-384" => "secp384r1",
            "P-521" => "secp521r1",
            _ => name,
        };
    }

    private static string? IdentifyCurve(ECDomainParameters parameters)
    {
        foreach (var (name, candidate) in KnownCurves.Value)
        {
            if (candidate.Curve.Field.Characteristic.Equals(parameters.Curve.Field.Characteristic)
                && candidate.Curve.Equals(parameters.Curve)
                && candidate.G.Equals(parameters.G)
                && candidate.N.Equals(parameters.N))
            {
                return name;
            }
        }

        return null;
    }
}
