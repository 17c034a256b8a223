using System.Globalization;

namespace Credentials.Icao9303.Vds;

/// <summary>
/// The header of a Visible Digital Seal (Doc 9303 Part 13 §2.2):
/// <code>
/// magic constant                    1 byte   0xDC
/// version                           1 byte   0x02 (version 3) or 0x03 (version 4)
/// issuing State or organization     2 bytes  3 characters, C40
/// signer identifier and
///   certificate reference           6 bytes (v3: 4 + 5 characters, C40)
///                                   or 4 + n bytes (v4: 4 characters, 2 hex characters = length L, then L characters, C40)
/// document issue date               3 bytes  MMDDYYYY
/// signature creation date           3 bytes  MMDDYYYY
/// document feature definition ref.  1 byte
/// document type category            1 byte
/// </code>
/// </summary>
public sealed record VdsHeader
{
    /// <summary>Magic constant that opens every VDS.</summary>
    public const byte MagicConstant = 0xDC;

    private const string Reason = "vds.header-invalid";

    /// <summary>Header version.</summary>
    public required VdsHeaderVersion Version { get; init; }

    /// <summary>Issuing State or organization (Doc 9303 Part 3 code, filler '&lt;'), e.g. <c>UTO</c> or <c>D&lt;&lt;</c>.</summary>
    public required string IssuingCountry { get; init; }

    /// <summary>Signer identifier: two-letter country code and two alphanumeric characters (e.g. <c>DETS</c>).</summary>
    public required string SignerIdentifier { get; init; }

    /// <summary>Certificate reference (version 3: 5 characters; version 4: 0..255 characters), e.g. <c>32</c>.</summary>
    public required string CertificateReference { get; init; }

    /// <summary>Document issue date.</summary>
    public required DateOnly DocumentIssueDate { get; init; }

    /// <summary>Signature creation date.</summary>
    public required DateOnly SignatureCreationDate { get; init; }

    /// <summary>Document feature definition reference (selects the profile with <see cref="DocumentTypeCategory"/>).</summary>
    public required byte DocumentFeatureDefinitionReference { get; init; }

    /// <summary>Document type category.</summary>
    public required byte DocumentTypeCategory { get; init; }

    /// <summary>Signer identifier followed by the certificate reference, as relying parties look the certificate up.</summary>
    public string SignerCertificateReference => SignerIdentifier + CertificateReference;

    /// <summary>Encodes the header.</summary>
    /// <exception cref="Icao9303FormatException">A field does not fit its definition (reason <c>vds.header-invalid</c> or <c>vds.c40-invalid</c>).</exception>
    public byte[] Encode()
    {
        Require(IssuingCountry.Length == 3, "The issuing country must have 3 characters.");
        Require(SignerIdentifier.Length == 4 && IsAlphanumeric(SignerIdentifier), "The signer identifier must have 4 characters A-Z/0-9.");
        Require(IsAlphanumeric(CertificateReference), "The certificate reference must be A-Z/0-9.");
        string signer;
        if (Version == VdsHeaderVersion.Version3)
        {
            Require(CertificateReference.Length == 5, "A version 3 certificate reference has 5 characters.");
            signer = SignerIdentifier + CertificateReference;
        }
        else
        {
            Require(Version == VdsHeaderVersion.Version4, "Unknown header version.");
            Require(CertificateReference.Length <= 0xFF, "The certificate reference is longer than 255 characters.");
            signer = SignerIdentifier + CertificateReference.Length.ToString("X2", CultureInfo.InvariantCulture) + CertificateReference;
        }

        var country = C40.Encode(IssuingCountry);
        var signerBytes = C40.Encode(signer);
        var output = new byte[2 + country.Length + signerBytes.Length + (2 * VdsDate.Length) + 2];
        output[0] = MagicConstant;
        output[1] = (byte)Version;
        country.CopyTo(output, 2);
        var o = 2 + country.Length;
        signerBytes.CopyTo(output, o);
        o += signerBytes.Length;
        VdsDate.Write(DocumentIssueDate, output.AsSpan(o));
        VdsDate.Write(SignatureCreationDate, output.AsSpan(o + VdsDate.Length));
        o += 2 * VdsDate.Length;
        output[o] = DocumentFeatureDefinitionReference;
        output[o + 1] = DocumentTypeCategory;
        return output;
    }

    /// <summary>Decodes the header at the start of <paramref name="seal"/>.</summary>
    /// <param name="seal">The seal bytes (the header and whatever follows).</param>
    /// <param name="length">Number of header bytes read.</param>
    /// <exception cref="Icao9303FormatException">Wrong magic constant or version, truncated, or a field that is not valid C40
    /// or not a date (reasons <c>vds.magic-invalid</c>, <c>vds.version-unsupported</c>, <c>vds.truncated</c>, <c>vds.header-invalid</c>,
    /// <c>vds.c40-invalid</c>, <c>vds.date-invalid</c>).</exception>
    public static VdsHeader Decode(ReadOnlySpan<byte> seal, out int length)
    {
        if (seal.Length < 2)
        {
            throw new Icao9303FormatException("vds.truncated", "The seal is shorter than its magic constant and version.");
        }

        if (seal[0] != MagicConstant)
        {
            throw new Icao9303FormatException("vds.magic-invalid", $"A VDS starts with 0xDC, not 0x{seal[0]:X2}.");
        }

        var version = seal[1] switch
        {
            0x02 => VdsHeaderVersion.Version3,
            0x03 => VdsHeaderVersion.Version4,
            _ => throw new Icao9303FormatException("vds.version-unsupported", $"VDS header version byte 0x{seal[1]:X2} is not supported (0x02 = v3, 0x03 = v4)."),
        };

        var o = 2;
        Need(seal, o, 2);
        var country = C40.Decode(seal.Slice(o, 2));
        Require(country.Length == 3, "The issuing country must have 3 characters.");
        o += 2;

        string signerIdentifier;
        string certificateReference;
        if (version == VdsHeaderVersion.Version3)
        {
            Need(seal, o, 6);
            var signer = C40.Decode(seal.Slice(o, 6));
            Require(signer.Length == 9, "A version 3 signer identifier and certificate reference have 9 characters.");
            signerIdentifier = signer[..4];
            certificateReference = signer[4..];
            o += 6;
        }
        else
        {
            Need(seal, o, 4);
            var prefix = C40.Decode(seal.Slice(o, 4));
            Require(prefix.Length == 6, "A version 4 signer identifier and reference length have 6 characters.");
            signerIdentifier = prefix[..4];
            if (!int.TryParse(prefix.AsSpan(4, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var referenceLength))
            {
                throw new Icao9303FormatException(Reason, $"The certificate reference length '{prefix[4..]}' is not two hex digits.");
            }

            o += 4;
            var referenceBytes = C40.EncodedLength(referenceLength);
            Need(seal, o, referenceBytes);
            certificateReference = C40.Decode(seal.Slice(o, referenceBytes));
            Require(certificateReference.Length == referenceLength, $"The certificate reference has {certificateReference.Length} characters, its length says {referenceLength}.");
            o += referenceBytes;
        }

        Require(IsAlphanumeric(signerIdentifier), "The signer identifier must be A-Z/0-9.");
        Require(IsAlphanumeric(certificateReference), "The certificate reference must be A-Z/0-9.");
        Need(seal, o, (2 * VdsDate.Length) + 2);
        var issued = VdsDate.Read(seal.Slice(o, VdsDate.Length));
        var signed = VdsDate.Read(seal.Slice(o + VdsDate.Length, VdsDate.Length));
        o += 2 * VdsDate.Length;
        var header = new VdsHeader
        {
            Version = version,
            IssuingCountry = country,
            SignerIdentifier = signerIdentifier,
            CertificateReference = certificateReference,
            DocumentIssueDate = issued,
            SignatureCreationDate = signed,
            DocumentFeatureDefinitionReference = seal[o],
            DocumentTypeCategory = seal[o + 1],
        };
        length = o + 2;
        return header;
    }

    private static bool IsAlphanumeric(string value)
    {
        foreach (var c in value)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9')))
            {
                return false;
            }
        }

        return true;
    }

    private static void Need(ReadOnlySpan<byte> seal, int offset, int count)
    {
        if (seal.Length - offset < count)
        {
            throw new Icao9303FormatException("vds.truncated", "The seal ends inside its header.");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new Icao9303FormatException(Reason, message);
        }
    }
}
