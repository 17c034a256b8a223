using System.Formats.Asn1;
using Credentials.Icao9303.Asn1;

namespace Credentials.Icao9303.Dtc;

/// <summary>
/// dtcSignerInfo, the DTC Signer's signature over dtcTBS, in this suite's profile (our definition; the TR's
/// DTCSignerInfo was not available here, see docs/dtc.md):
/// <code>
/// DTCSignerInfo ::= SEQUENCE {
///     version            INTEGER { v1(1) },
///     signerCertificate  Certificate,            -- the DTC Signer certificate, issued by the CSCA (Doc 9303 Part 12)
///     signatureAlgorithm AlgorithmIdentifier,    -- as for SignerInfo in EF.SOD (Doc 9303 Part 12 §4.4.1 / RFC 5652)
///     signature          OCTET STRING }          -- over the DER of DTCTBSValues
/// </code>
/// The certificate and algorithm identifier are kept as their DER encodings; the certificate is parsed only by the
/// verifier (X509CertificateLoader), never here.
/// </summary>
public sealed class DtcSignerInfo
{
    /// <summary>The only version this profile defines.</summary>
    public const int Version1 = 1;

    /// <summary>Creates the signer info.</summary>
    public DtcSignerInfo(ReadOnlyMemory<byte> signerCertificate, ReadOnlyMemory<byte> signatureAlgorithm, ReadOnlyMemory<byte> signature)
    {
        if (signerCertificate.IsEmpty || signatureAlgorithm.IsEmpty || signature.IsEmpty)
        {
            throw new ArgumentException("Certificate, algorithm and signature are required.");
        }

        SignerCertificate = signerCertificate.ToArray();
        SignatureAlgorithm = signatureAlgorithm.ToArray();
        Signature = signature.ToArray();
    }

    /// <summary>DER X.509 certificate of the DTC Signer.</summary>
    public byte[] SignerCertificate { get; }

    /// <summary>DER AlgorithmIdentifier of the signature.</summary>
    public byte[] SignatureAlgorithm { get; }

    /// <summary>The signature value (for ECDSA the DER Ecdsa-Sig-Value, as in CMS).</summary>
    public byte[] Signature { get; }

    /// <summary>The signature algorithm's OID.</summary>
    public string SignatureAlgorithmOid => Asn1Decoding.Decode("dtc.signer-info", "signatureAlgorithm", () =>
        new AsnReader(SignatureAlgorithm, AsnEncodingRules.DER).ReadSequence().ReadObjectIdentifier());

    /// <summary>Writes the DER SEQUENCE.</summary>
    public void WriteTo(AsnWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.PushSequence();
        writer.WriteInteger(Version1);
        writer.WriteEncodedValue(SignerCertificate);
        writer.WriteEncodedValue(SignatureAlgorithm);
        writer.WriteOctetString(Signature);
        writer.PopSequence();
    }

    /// <summary>Reads dtcSignerInfo strictly.</summary>
    /// <exception cref="Icao9303FormatException">Reasons <c>dtc.signer-info</c>, <c>dtc.signer-info.version</c>, <c>dtc.signer-info.too-large</c>.</exception>
    internal static DtcSignerInfo ReadFrom(AsnReader reader, DtcLimits limits)
    {
        const string Reason = "dtc.signer-info";
        var sequence = reader.ReadSequence();
        var version = Asn1Decoding.ReadSmallInteger(sequence, Reason + ".version", "DTCSignerInfo.version");
        if (version != Version1)
        {
            throw new Icao9303FormatException(Reason + ".version", $"DTCSignerInfo.version is {version}, not v1(1).");
        }

        var certificate = ReadSequenceElement(sequence, Reason, "signerCertificate");
        if (certificate.Length > limits.MaxSignerCertificateBytes)
        {
            throw new Icao9303FormatException(Reason + ".too-large", $"signerCertificate is {certificate.Length} bytes, above the limit of {limits.MaxSignerCertificateBytes}.");
        }

        var algorithm = ReadSequenceElement(sequence, Reason, "signatureAlgorithm");
        var algorithmReader = new AsnReader(algorithm, AsnEncodingRules.DER).ReadSequence();
        algorithmReader.ReadObjectIdentifier();
        if (algorithmReader.HasData)
        {
            algorithmReader.ReadEncodedValue();
        }

        Asn1Decoding.EnsureEnd(algorithmReader, Reason, "signatureAlgorithm");
        var signature = sequence.ReadOctetString();
        if (signature.Length is 0 or > 1024)
        {
            throw new Icao9303FormatException(Reason, $"The signature is {signature.Length} bytes; expected 1..1024.");
        }

        Asn1Decoding.EnsureEnd(sequence, Reason, "DTCSignerInfo");
        return new DtcSignerInfo(certificate, algorithm, signature);
    }

    private static byte[] ReadSequenceElement(AsnReader reader, string reason, string what)
    {
        var tag = reader.PeekTag();
        if (tag != Asn1Tag.Sequence)
        {
            throw new Icao9303FormatException(reason, $"{what} is tagged {tag}, not SEQUENCE.");
        }

        return reader.ReadEncodedValue().ToArray();
    }
}
