using System.Formats.Asn1;

namespace Credentials.Icao9303.Pkd;

/// <summary>
/// The Deviation List, eContent of a CMS SignedData with eContentType id-icao-DeviationList 2.23.136.1.1.7
/// (Doc 9303 Part 12 §9.2, "Deviation Lists"; signer EKU 2.23.136.1.1.8):
/// <code>
/// DeviationList ::= SEQUENCE { version INTEGER {v0(0)}, digestAlg AlgorithmIdentifier OPTIONAL,
///                              deviations SET OF SignerDeviation }
/// SignerDeviation ::= SEQUENCE { signerIdentifier CertificateIdentifier, defects SET OF Defect }
/// CertificateIdentifier ::= CHOICE { issuerAndSerialNumber IssuerAndSerialNumber,
///                                    subjectKeyIdentifier [0] SubjectKeyIdentifier, certificateDigest OCTET STRING }
/// Defect ::= SEQUENCE { description PrintableString OPTIONAL, defectType OBJECT IDENTIFIER, parameters ANY OPTIONAL }
/// </code>
/// </summary>
public sealed class DeviationList
{
    /// <summary>Upper bound on signer deviations.</summary>
    public const int MaxDeviations = 100_000;

    private DeviationList(int version, string? digestAlgorithmOid, IReadOnlyList<SignerDeviation> deviations)
    {
        Version = version;
        DigestAlgorithmOid = digestAlgorithmOid;
        Deviations = deviations;
    }

    public int Version { get; }

    /// <summary>Digest algorithm of certificateDigest identifiers, when given.</summary>
    public string? DigestAlgorithmOid { get; }

    public IReadOnlyList<SignerDeviation> Deviations { get; }

    /// <summary>Decodes the eContent of a Deviation List.</summary>
    /// <exception cref="Icao9303FormatException">Malformed (reasons <c>dl.*</c>).</exception>
    public static DeviationList Decode(ReadOnlyMemory<byte> eContent)
    {
        try
        {
            var outer = new AsnReader(eContent, AsnEncodingRules.BER);
            var sequence = outer.ReadSequence();
            if (outer.HasData)
            {
                throw new Icao9303FormatException("dl.trailing-data", "Bytes follow the DeviationList.");
            }

            if (!sequence.TryReadInt32(out var version) || version != 0)
            {
                throw new Icao9303FormatException("dl.unsupported-version", "DeviationList version must be v0.");
            }

            string? digest = null;
            if (sequence.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var algorithm = sequence.ReadSequence();
                digest = algorithm.ReadObjectIdentifier();
            }

            var set = sequence.ReadSetOf(skipSortOrderValidation: true);
            if (sequence.HasData)
            {
                throw new Icao9303FormatException("dl.malformed", "Unexpected element after deviations.");
            }

            var deviations = new List<SignerDeviation>();
            while (set.HasData)
            {
                if (deviations.Count >= MaxDeviations)
                {
                    throw new Icao9303FormatException("dl.too-many-deviations", $"More than {MaxDeviations} deviations.");
                }

                deviations.Add(ReadSignerDeviation(set.ReadSequence()));
            }

            return new DeviationList(version, digest, deviations);
        }
        catch (AsnContentException ex)
        {
            throw new Icao9303FormatException("dl.malformed", $"DeviationList is not valid ASN.1: {ex.Message}", ex);
        }
    }

    /// <summary>Encodes a Deviation List eContent (DER, version v0, no digestAlg).</summary>
    /// <exception cref="Icao9303FormatException">A signer identifier is not one DER element.</exception>
    public static byte[] Encode(IEnumerable<SignerDeviation> deviations)
    {
        ArgumentNullException.ThrowIfNull(deviations);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            using (writer.PushSetOf())
            {
                foreach (var deviation in deviations)
                {
                    using (writer.PushSequence())
                    {
                        try
                        {
                            writer.WriteEncodedValue(deviation.Identifier.Span);
                        }
                        catch (ArgumentException ex)
                        {
                            throw new Icao9303FormatException("dl.malformed", "A signer identifier is not one DER element.", ex);
                        }

                        using (writer.PushSetOf())
                        {
                            foreach (var defect in deviation.Defects)
                            {
                                using (writer.PushSequence())
                                {
                                    if (defect.Description is { } description)
                                    {
                                        writer.WriteCharacterString(UniversalTagNumber.PrintableString, description);
                                    }

                                    writer.WriteObjectIdentifier(defect.DefectType);
                                    if (defect.Parameters is { } parameters)
                                    {
                                        writer.WriteEncodedValue(parameters.Span);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        return writer.Encode();
    }

    private static SignerDeviation ReadSignerDeviation(AsnReader reader)
    {
        var identifierTag = reader.PeekTag();
        var identifier = reader.ReadEncodedValue();
        var kind = identifierTag switch
        {
            _ when identifierTag.HasSameClassAndValue(Asn1Tag.Sequence) => "issuerAndSerialNumber",
            _ when identifierTag.TagClass == TagClass.ContextSpecific && identifierTag.TagValue == 0 => "subjectKeyIdentifier",
            _ when identifierTag.HasSameClassAndValue(Asn1Tag.PrimitiveOctetString) => "certificateDigest",
            _ => throw new Icao9303FormatException("dl.malformed", $"Unknown CertificateIdentifier choice {identifierTag}."),
        };

        var defects = new List<Defect>();
        var set = reader.ReadSetOf(skipSortOrderValidation: true);
        while (set.HasData)
        {
            var defect = set.ReadSequence();
            string? description = null;
            var tag = defect.PeekTag();
            if (tag.TagClass == TagClass.Universal && !tag.HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
            {
                description = defect.ReadCharacterString((UniversalTagNumber)tag.TagValue);
            }

            var type = defect.ReadObjectIdentifier();
            ReadOnlyMemory<byte>? parameters = defect.HasData ? defect.ReadEncodedValue() : null;
            if (defect.HasData)
            {
                throw new Icao9303FormatException("dl.malformed", "Unexpected element in Defect.");
            }

            defects.Add(new Defect(description, type, parameters));
        }

        if (reader.HasData)
        {
            throw new Icao9303FormatException("dl.malformed", "Unexpected element in SignerDeviation.");
        }

        return new SignerDeviation(kind, identifier, defects);
    }
}
