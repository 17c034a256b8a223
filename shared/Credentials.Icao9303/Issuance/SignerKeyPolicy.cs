using System.Formats.Asn1;
using Credentials.Icao9303.Asn1;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Issuance;

/// <summary>
/// Which public keys a CSCA certifies (Doc 9303 Part 12 §4.1 with current key-size guidance): RSA with a modulus of
/// 2048 to 8192 bits, or ECDSA on a named NIST (P-256, P-384, P-521) or brainpool (P256r1, P384r1, P512r1) curve.
/// Explicit EC domain parameters are seen in old certificates but are not issued anew (RFC 5480 §2.1.1 requires namedCurve).
/// </summary>
public static class SignerKeyPolicy
{
    /// <summary>Smallest RSA modulus certified.</summary>
    public const int MinimumRsaBits = 2048;

    /// <summary>Largest RSA modulus certified.</summary>
    public const int MaximumRsaBits = 8192;

    private static readonly HashSet<string> AllowedCurves = new(StringComparer.Ordinal)
    {
        "1.2.840.10045.3.1.7", // P-256
        "1.3.132.0.34", // P-384
        "1.3.132.0.35", // P-521
        "1.3.36.3.3.2.8.1.1.7", // brainpoolP256r1
        "1.3.36.3.3.2.8.1.1.11", // brainpoolP384r1
        "1.3.36.3.3.2.8.1.1.13", // brainpoolP512r1
    };

    /// <summary>Checks a DER SubjectPublicKeyInfo.</summary>
    /// <exception cref="IssuanceRejectedException">The key is outside the policy (reason KEY_ALGORITHM_NOT_ALLOWED).</exception>
    public static void Ensure(ReadOnlyMemory<byte> subjectPublicKeyInfo)
    {
        string algorithmOid;
        string? curveOid = null;
        try
        {
            var reader = Asn1Decoding.ReadSingle(subjectPublicKeyInfo, AsnEncodingRules.DER, "issuance.public-key", "SubjectPublicKeyInfo");
            var spki = reader.ReadSequence();
            var algorithm = spki.ReadSequence();
            algorithmOid = algorithm.ReadObjectIdentifier();
            if (algorithm.HasData && algorithm.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
            {
                curveOid = algorithm.ReadObjectIdentifier();
            }
        }
        catch (Exception ex) when (ex is AsnContentException or Icao9303FormatException)
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.KeyAlgorithmNotAllowed, "The public key does not decode.", ex);
        }

        if (algorithmOid == Oids.EcPublicKey)
        {
            if (curveOid is null || !AllowedCurves.Contains(curveOid))
            {
                throw new IssuanceRejectedException(
                    IssuanceRejectedException.KeyAlgorithmNotAllowed,
                    curveOid is null ? "EC keys must name their curve (explicit parameters are not certified)." : $"EC curve {curveOid} is not allowed.");
            }

            EnsureDecodes(subjectPublicKeyInfo);
            return;
        }

        if (algorithmOid == Oids.RsaEncryption)
        {
            var bits = EnsureDecodes(subjectPublicKeyInfo);
            if (bits < MinimumRsaBits || bits > MaximumRsaBits)
            {
                throw new IssuanceRejectedException(
                    IssuanceRejectedException.KeyAlgorithmNotAllowed,
                    $"RSA keys must have {MinimumRsaBits} to {MaximumRsaBits} bits; this one has {bits}.");
            }

            return;
        }

        throw new IssuanceRejectedException(IssuanceRejectedException.KeyAlgorithmNotAllowed, $"Key algorithm {algorithmOid} is not allowed (RSA or ECDSA only).");
    }

    private static int EnsureDecodes(ReadOnlyMemory<byte> subjectPublicKeyInfo)
    {
        try
        {
            using var key = VerificationKey.FromSubjectPublicKeyInfo(subjectPublicKeyInfo);
            return key.KeySizeBits;
        }
        catch (Icao9303FormatException ex)
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.KeyAlgorithmNotAllowed, "The public key is not a valid key of its algorithm.", ex);
        }
    }
}
