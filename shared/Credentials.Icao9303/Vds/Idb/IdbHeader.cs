namespace Credentials.Icao9303.Vds.Idb;

/// <summary>
/// The header of an IDB payload (ICAO TR "ICAO Datastructure for Barcode" §3.2, header table):
/// <code>
/// start  length  content
/// 0x00   2       country identifier (3 characters, C40)
///                — only when the barcode flag says signed —
/// 0x02   1       signature algorithm (<see cref="IdbSignatureAlgorithm"/>)
/// 0x03   5       certificate reference
/// 0x08   3       signature creation date (MMDDYYYY as a 3-byte integer)
/// </code>
/// An unsigned header is 2 bytes, a signed one 11 bytes; the 12-byte variant with a date mask byte 0x00 before the
/// date (<see cref="IdbSignatureDateEncoding.MaskedFourBytes"/>) is read and written back as it came.
/// </summary>
public sealed record IdbHeader
{
    /// <summary>Length of the certificate reference.</summary>
    public const int CertificateReferenceLength = 5;

    /// <summary>Issuing country (Doc 9303 Part 3 code, filler '&lt;'), e.g. <c>UTO</c> or <c>D&lt;&lt;</c>.</summary>
    public required string CountryIdentifier { get; init; }

    /// <summary>Signature algorithm; <see cref="IdbSignatureAlgorithm.None"/> for an unsigned barcode.</summary>
    public IdbSignatureAlgorithm SignatureAlgorithm { get; init; }

    /// <summary>Certificate reference (5 bytes) of a signed barcode; empty when unsigned.</summary>
    public ReadOnlyMemory<byte> CertificateReference { get; init; }

    /// <summary>Signature creation date of a signed barcode.</summary>
    public DateOnly? SignatureCreationDate { get; init; }

    /// <summary>How the signature creation date is written.</summary>
    public IdbSignatureDateEncoding DateEncoding { get; init; }

    /// <summary>Whether this is the header of a signed barcode.</summary>
    public bool IsSigned => SignatureAlgorithm != IdbSignatureAlgorithm.None;

    /// <summary>
    /// The certificate reference of a signer certificate: the last 5 bytes of the SHA-1 fingerprint of its DER encoding.
    /// The TR text was not available to us; this is the rule other implementations document (see docs/seals.md).
    /// </summary>
    public static byte[] CertificateReferenceOf(ReadOnlySpan<byte> certificateDer)
    {
        // SHA-1 identifies the certificate here (a lookup key, as a thumbprint); no security decision rests on it: the
        // signature is verified with the certificate's key and the certificate with its CSCA.
#pragma warning disable CA5350
        var fingerprint = System.Security.Cryptography.SHA1.HashData(certificateDer);
#pragma warning restore CA5350
        return fingerprint[^CertificateReferenceLength..];
    }

    /// <summary>Encodes the header.</summary>
    /// <exception cref="Icao9303FormatException">A field does not fit (reason <c>idb.header-invalid</c> or <c>vds.c40-invalid</c>).</exception>
    public byte[] Encode()
    {
        Require(CountryIdentifier is { Length: 3 }, "The country identifier must have 3 characters.");
        var country = C40.Encode(CountryIdentifier);
        if (!IsSigned)
        {
            Require(CertificateReference.IsEmpty && SignatureCreationDate is null, "An unsigned header has no certificate reference and no signature creation date.");
            return country;
        }

        Require(Enum.IsDefined(SignatureAlgorithm), $"Signature algorithm 0x{(byte)SignatureAlgorithm:X2} is not defined.");
        Require(CertificateReference.Length == CertificateReferenceLength, $"The certificate reference has {CertificateReferenceLength} bytes.");
        Require(SignatureCreationDate is not null, "A signed header has a signature creation date.");
        var masked = DateEncoding == IdbSignatureDateEncoding.MaskedFourBytes;
        var output = new byte[2 + 1 + CertificateReferenceLength + (masked ? 1 : 0) + VdsDate.Length];
        country.CopyTo(output, 0);
        output[2] = (byte)SignatureAlgorithm;
        CertificateReference.Span.CopyTo(output.AsSpan(3));
        var o = 3 + CertificateReferenceLength;
        if (masked)
        {
            output[o++] = 0x00;
        }

        VdsDate.Write(SignatureCreationDate!.Value, output.AsSpan(o));
        return output;
    }

    /// <summary>Decodes the header at the start of <paramref name="payload"/>; <paramref name="length"/> is its size.</summary>
    /// <exception cref="Icao9303FormatException">Reasons <c>idb.truncated</c>, <c>idb.signature-algorithm-unknown</c>,
    /// <c>idb.date-invalid</c>, <c>vds.c40-invalid</c>.</exception>
    internal static IdbHeader Decode(ReadOnlySpan<byte> payload, bool signed, out int length)
    {
        if (payload.Length < 2)
        {
            throw new Icao9303FormatException("idb.truncated", "The payload ends inside the country identifier.");
        }

        var country = C40.Decode(payload[..2]);
        if (country.Length != 3)
        {
            throw new Icao9303FormatException("idb.header-invalid", "The country identifier does not hold 3 characters.");
        }

        if (!signed)
        {
            length = 2;
            return new IdbHeader { CountryIdentifier = country };
        }

        if (payload.Length < 11)
        {
            throw new Icao9303FormatException("idb.truncated", $"A signed header has 11 bytes; the payload has {payload.Length}.");
        }

        var algorithm = (IdbSignatureAlgorithm)payload[2];
        if (algorithm == IdbSignatureAlgorithm.None || !Enum.IsDefined(algorithm))
        {
            throw new Icao9303FormatException("idb.signature-algorithm-unknown", $"Signature algorithm 0x{payload[2]:X2} is not defined (0x01..0x03).");
        }

        // A 3-byte MMDDYYYY date never starts with 0x00 (the smallest, 01000000, is 0x0F4240), so a 0x00 here is the
        // date mask of the 12-byte variant.
        var o = 3 + CertificateReferenceLength;
        var encoding = IdbSignatureDateEncoding.ThreeBytes;
        if (payload[o] == 0x00)
        {
            encoding = IdbSignatureDateEncoding.MaskedFourBytes;
            o++;
            if (payload.Length < o + VdsDate.Length)
            {
                throw new Icao9303FormatException("idb.truncated", "The payload ends inside the signature creation date.");
            }
        }

        DateOnly date;
        try
        {
            date = VdsDate.Read(payload.Slice(o, VdsDate.Length));
        }
        catch (Icao9303FormatException ex)
        {
            throw new Icao9303FormatException("idb.date-invalid", ex.Message, ex);
        }

        length = o + VdsDate.Length;
        return new IdbHeader
        {
            CountryIdentifier = country,
            SignatureAlgorithm = algorithm,
            CertificateReference = payload.Slice(3, CertificateReferenceLength).ToArray(),
            SignatureCreationDate = date,
            DateEncoding = encoding,
        };
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new Icao9303FormatException("idb.header-invalid", message);
        }
    }
}
