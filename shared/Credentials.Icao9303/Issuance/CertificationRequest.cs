using System.Formats.Asn1;
using Credentials.Icao9303.Asn1;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Issuance;

/// <summary>
/// A PKCS#10 certification request (RFC 2986 §4), the input of signer certificate issuance:
/// <code>
/// CertificationRequest ::= SEQUENCE {
///   certificationRequestInfo CertificationRequestInfo,
///   signatureAlgorithm AlgorithmIdentifier,
///   signature BIT STRING }
/// CertificationRequestInfo ::= SEQUENCE {
///   version INTEGER { v1(0) }, subject Name, subjectPKInfo SubjectPublicKeyInfo, attributes [0] Attributes }
/// </code>
/// Decoding is strict DER and bounded (<see cref="MaxLength"/>). Only the subject and the key are used for issuance;
/// requested extensions in the attributes are ignored because the profile decides them (Doc 9303 Part 12 §7.1.1).
/// </summary>
public sealed class CertificationRequest
{
    /// <summary>Largest request accepted (a request with an RSA-8192 key is under 2 KiB).</summary>
    public const int MaxLength = 16 * 1024;

    private const string Reason = "issuance.csr-malformed";

    private CertificationRequest()
    {
    }

    /// <summary>The DER CertificationRequestInfo, the bytes the signature covers.</summary>
    public ReadOnlyMemory<byte> CertificationRequestInfo { get; private init; }

    /// <summary>The DER subject Name.</summary>
    public ReadOnlyMemory<byte> Subject { get; private init; }

    /// <summary>The DER SubjectPublicKeyInfo.</summary>
    public ReadOnlyMemory<byte> SubjectPublicKeyInfo { get; private init; }

    /// <summary>The DER signature AlgorithmIdentifier.</summary>
    public ReadOnlyMemory<byte> SignatureAlgorithm { get; private init; }

    /// <summary>The signature value.</summary>
    public ReadOnlyMemory<byte> Signature { get; private init; }

    /// <summary>Decodes a DER request.</summary>
    /// <exception cref="Icao9303FormatException">Malformed (reason <c>issuance.csr-malformed</c>).</exception>
    public static CertificationRequest Decode(ReadOnlyMemory<byte> der)
    {
        Asn1Decoding.CheckSize(der.Span, Reason, "CertificationRequest", MaxLength);
        var reader = Asn1Decoding.ReadSingle(der, AsnEncodingRules.DER, Reason, "CertificationRequest");
        return Asn1Decoding.Decode(Reason, "CertificationRequest", () =>
        {
            var request = reader.ReadSequence();
            var info = request.PeekEncodedValue();
            var infoReader = request.ReadSequence();
            var algorithm = request.ReadEncodedValue();
            var signature = request.ReadBitString(out var unusedBits);
            Asn1Decoding.EnsureEnd(request, Reason, "CertificationRequest");
            if (unusedBits != 0)
            {
                throw new Icao9303FormatException(Reason, "The signature BIT STRING has unused bits.");
            }

            if (!infoReader.TryReadInt32(out var version) || version != 0)
            {
                throw new Icao9303FormatException(Reason, "CertificationRequestInfo version must be v1(0).");
            }

            var subject = infoReader.PeekEncodedValue();
            infoReader.ReadSequence();
            var spki = infoReader.PeekEncodedValue();
            infoReader.ReadSequence();
            // attributes [0] IMPLICIT SET OF Attribute: required by RFC 2986, read and ignored.
            infoReader.ReadSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
            Asn1Decoding.EnsureEnd(infoReader, Reason, "CertificationRequestInfo");

            return new CertificationRequest
            {
                CertificationRequestInfo = info,
                Subject = subject,
                SubjectPublicKeyInfo = spki,
                SignatureAlgorithm = algorithm,
                Signature = signature,
            };
        });
    }

    /// <summary>
    /// True when the request's signature verifies with its own public key (proof of possession, RFC 2986 §3).
    /// An unsupported or malformed signature algorithm or key gives false.
    /// </summary>
    public bool VerifySignature()
    {
        try
        {
            return SignatureVerifier.Verify(SignatureAlgorithm, SubjectPublicKeyInfo, CertificationRequestInfo.Span, Signature.Span);
        }
        catch (Icao9303FormatException)
        {
            return false;
        }
    }
}
