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
    private static readonly Lazy<(string Name, string Oid, X9ECParameters Parameters)[]> KnownCurves = new(() =>
        new[]
        {
            "secp192r1", "secp224r1", "secp256r1", "secp384r1", "secp521r1",
            "brainpoolP160r1", "brainpoolP192r1", "brainpoolP224r1", "brainpoolP256r1", "brainpoolP320r1", "brainpoolP384r1", "brainpoolP512r1",
        }.Select(n => (n, ECNamedCurveTable.GetOid(n).Id, ECNamedCurveTable.GetByName(n))).ToArray());

    // Product of the odd primes 3..743 (as BouncyCastle uses): a modulus sharing a factor with it is not an RSA modulus.
    private static readonly System.Numerics.BigInteger SmallPrimesProduct = ProductOfOddPrimesUpTo(743);

    private Lazy<RsaKeyParameters>? _bouncyCastleRsa;
    private Lazy<ECDsa?>? _ecdsa;

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

    /// <summary>
    /// The key in .NET, for the paths OpenSSL's prepared context does not serve (plain ECDSA signatures, platforms
    /// without <see cref="Native"/>). For a named (or identified) curve it is imported on first use: .NET's import
    /// re-checks the point by a full scalar multiplication (n·Q = O), about a millisecond on brainpool curves, which is
    /// redundant for these prime-order curves once BouncyCastle has checked that the point lies on the curve. Keys on
    /// unknown explicit curves are imported (and fully validated) at once. Null when the platform refuses the key.
    /// </summary>
    internal ECDsa? Ecdsa => _ecdsa?.Value;

    internal ECPublicKeyParameters? BouncyCastleEc { get; private set; }

    /// <summary>
    /// The RSA key for BouncyCastle, built on first use: only SHA-224 and non-standard RSA-PSS parameters and Active
    /// Authentication need it, and constructing it runs BouncyCastle's probabilistic compositeness test on the modulus
    /// (hundreds of milliseconds for a 4096-bit CSCA key), which must not be paid for every key decoded.
    /// </summary>
    internal RsaKeyParameters? BouncyCastleRsa => _bouncyCastleRsa?.Value;

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

                var platformSpki = subjectPublicKeyInfoDer;
                switch (oid)
                {
                    case Oids.RsaEncryption:
                    case Oids.RsassaPss:
                        key.LoadRsa(publicKey);
                        break;
                    case Oids.EcPublicKey:
                        platformSpki = key.LoadEc(algorithm, subjectPublicKeyInfoDer);
                        break;
                    default:
                        throw new Icao9303FormatException("crypto.unsupported-key", $"Public key algorithm {oid} is not supported.");
                }

                key.Native = OpenSslVerifyContext.TryCreate(platformSpki.Span);
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
        if (_ecdsa is { IsValueCreated: true })
        {
            _ecdsa.Value?.Dispose();
        }

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

        CheckRsaPublicKey(n, e);
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
        _bouncyCastleRsa = new Lazy<RsaKeyParameters>(
            () => new RsaKeyParameters(false, new Org.BouncyCastle.Math.BigInteger(1, n), new Org.BouncyCastle.Math.BigInteger(1, e)),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// Cheap structural checks of an RSA public key (RFC 8017 section 3.1: n is a product of odd primes, e is odd and
    /// greater than 1): an even modulus or exponent, or a modulus with a prime factor below 744, is rejected.
    /// </summary>
    private static void CheckRsaPublicKey(ReadOnlySpan<byte> modulus, ReadOnlySpan<byte> exponent)
    {
        if ((modulus[^1] & 1) == 0 || (exponent[^1] & 1) == 0 || (exponent.Length == 1 && exponent[0] < 3))
        {
            throw new Icao9303FormatException("crypto.public-key", "RSA modulus or public exponent is even, or the exponent is below 3.");
        }

        var n = new System.Numerics.BigInteger(modulus, isUnsigned: true, isBigEndian: true);
        if (!System.Numerics.BigInteger.GreatestCommonDivisor(n, SmallPrimesProduct).IsOne)
        {
            throw new Icao9303FormatException("crypto.public-key", "RSA modulus has a small prime factor.");
        }
    }

    private static System.Numerics.BigInteger ProductOfOddPrimesUpTo(int limit)
    {
        var product = System.Numerics.BigInteger.One;
        for (var candidate = 3; candidate <= limit; candidate += 2)
        {
            var prime = true;
            for (var divisor = 3; divisor * divisor <= candidate; divisor += 2)
            {
                if (candidate % divisor == 0)
                {
                    prime = false;
                    break;
                }
            }

            if (prime)
            {
                product *= candidate;
            }
        }

        return product;
    }

    /// <summary>Loads an EC key; returns the SubjectPublicKeyInfo the platform (OpenSSL) was given.</summary>
    private ReadOnlyMemory<byte> LoadEc(AsnReader algorithm, ReadOnlyMemory<byte> spkiDer)
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
        var platformSpki = spkiDer;
        if (namedOid is not null)
        {
            CurveName = CurveNameFromOid(namedOid);
        }
        else if (IdentifyCurve(bc.Parameters) is { } known)
        {
            // Explicit parameters that are exactly a named curve (p, a, b, G, n and h equal): OpenSSL and .NET get the
            // key as that named curve, which imports in microseconds instead of the ~15 ms OpenSSL spends validating
            // explicit parameters, and verifies with the curve's optimised implementation. BouncyCastle has already
            // checked that the point lies on the curve. HasExplicitParameters stays true for reporting.
            CurveName = known.Name;
            platformSpki = EncodeNamedCurveSpki(known.Oid, bc.Q.GetEncoded(false));
        }

        if (CurveName is not null)
        {
            var named = platformSpki;
            _ecdsa = new Lazy<ECDsa?>(() => ImportPlatformEc(named), LazyThreadSafetyMode.ExecutionAndPublication);
        }
        else
        {
            // Ownership passes to this key (disposed in Dispose).
#pragma warning disable CA2000
            _ecdsa = new Lazy<ECDsa?>(ImportPlatformEc(spkiDer));
#pragma warning restore CA2000
        }

        return platformSpki;
    }

    private static ECDsa? ImportPlatformEc(ReadOnlyMemory<byte> spkiDer)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(spkiDer.Span, out _);
            return ecdsa;
        }
        catch (CryptographicException)
        {
            // The platform refused the key (e.g. explicit parameters on some OSes): BouncyCastle verifies instead.
            ecdsa.Dispose();
            return null;
        }
    }

    /// <summary>SubjectPublicKeyInfo with <c>ECParameters ::= namedCurve</c> (RFC 5480 section 2.1.1).</summary>
    private static byte[] EncodeNamedCurveSpki(string curveOid, byte[] uncompressedPoint)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Oids.EcPublicKey);
                writer.WriteObjectIdentifier(curveOid);
            }

            writer.WriteBitString(uncompressedPoint);
        }

        return writer.Encode();
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

    /// <summary>
    /// The named curve whose domain parameters equal <paramref name="parameters"/> exactly: field prime p, coefficients
    /// a and b, base point G, order n and cofactor h (an absent cofactor is implied by p, a, b and n). Null otherwise.
    /// </summary>
    private static (string Name, string Oid)? IdentifyCurve(ECDomainParameters parameters)
    {
        foreach (var (name, oid, candidate) in KnownCurves.Value)
        {
            if (candidate.Curve.Field.Characteristic.Equals(parameters.Curve.Field.Characteristic)
                && candidate.Curve.A.ToBigInteger().Equals(parameters.Curve.A.ToBigInteger())
                && candidate.Curve.B.ToBigInteger().Equals(parameters.Curve.B.ToBigInteger())
                && candidate.Curve.Equals(parameters.Curve)
                && candidate.G.Equals(parameters.G)
                && candidate.N.Equals(parameters.N)
                && (parameters.H is null || candidate.H.Equals(parameters.H)))
            {
                return (name, oid);
            }
        }

        return null;
    }
}
