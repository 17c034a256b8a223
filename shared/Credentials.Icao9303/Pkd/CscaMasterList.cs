using System.Formats.Asn1;
using System.Security.Cryptography;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Pkd;

/// <summary>
/// The CSCA Master List, eContent of a CMS SignedData with eContentType id-icao-cscaMasterList 2.23.136.1.1.2
/// (Doc 9303 Part 12 §9, "CSCA Master Lists"):
/// <code>
/// CscaMasterList ::= SEQUENCE { version CscaMasterListVersion, certList SET OF Certificate }
/// CscaMasterListVersion ::= INTEGER { v0(0) }
/// </code>
/// A malformed inner certificate is skipped and reported in <see cref="Skipped"/>; byte-identical duplicates are
/// removed (by SHA-256 fingerprint) and counted in <see cref="DuplicatesRemoved"/>.
/// </summary>
public sealed class CscaMasterList
{
    /// <summary>Upper bound on inner certificates (real lists hold a few hundred).</summary>
    public const int MaxCertificates = 100_000;

    private CscaMasterList(int version, IReadOnlyList<X509CertificateParts> certificates, IReadOnlyList<SkippedCertificate> skipped, int duplicates, int total)
    {
        Version = version;
        Certificates = certificates;
        Skipped = skipped;
        DuplicatesRemoved = duplicates;
        TotalEntries = total;
    }

    public int Version { get; }

    /// <summary>The decodable, de-duplicated CSCA (and link) certificates, in list order.</summary>
    public IReadOnlyList<X509CertificateParts> Certificates { get; }

    /// <summary>Entries that were not decodable certificates.</summary>
    public IReadOnlyList<SkippedCertificate> Skipped { get; }

    /// <summary>Entries dropped because an identical certificate was already in the list.</summary>
    public int DuplicatesRemoved { get; }

    /// <summary>Number of elements in certList as encoded.</summary>
    public int TotalEntries { get; }

    /// <summary>Distinct States (upper-case countryName of the subject) of the certificates.</summary>
    public IReadOnlyList<string> Countries => Certificates
        .Select(c => CountryOf(c) ?? "??")
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Decodes the eContent of a Master List.</summary>
    /// <exception cref="Icao9303FormatException">The outer structure is malformed (reasons <c>ml.*</c>).</exception>
    public static CscaMasterList Decode(ReadOnlyMemory<byte> eContent) => Decode(eContent, progress: null);

    /// <summary>Decodes the eContent of a Master List, reporting decoded entries to <paramref name="progress"/> (synchronously).</summary>
    /// <exception cref="Icao9303FormatException">The outer structure is malformed (reasons <c>ml.*</c>).</exception>
    public static CscaMasterList Decode(ReadOnlyMemory<byte> eContent, IProgress<SignedListProgress>? progress)
    {
        try
        {
            // BER: some issuers wrap the list in indefinite lengths; the certificates themselves are kept as encoded.
            var outer = new AsnReader(eContent, AsnEncodingRules.BER);
            var sequence = outer.ReadSequence();
            if (outer.HasData)
            {
                throw new Icao9303FormatException("ml.trailing-data", "Bytes follow the CscaMasterList.");
            }

            if (!sequence.TryReadInt32(out var version) || version != 0)
            {
                throw new Icao9303FormatException("ml.unsupported-version", "CscaMasterList version must be v0.");
            }

            var set = sequence.ReadSetOf(skipSortOrderValidation: true);
            if (sequence.HasData)
            {
                throw new Icao9303FormatException("ml.malformed", "Unexpected element after certList.");
            }

            var entries = new List<CertificateBundle.Entry>();
            while (set.HasData)
            {
                if (entries.Count >= MaxCertificates)
                {
                    throw new Icao9303FormatException("ml.too-many-certificates", $"More than {MaxCertificates} certificates.");
                }

                entries.Add(new CertificateBundle.Entry(set.ReadEncodedValue(), null));
            }

            // The same skip and de-duplication rule as a PEM/DER bundle.
            var bundle = CertificateBundle.FromEntries(entries, requireSupportedKey: false, progress);
            return new CscaMasterList(version, bundle.Certificates, bundle.Skipped, bundle.DuplicatesRemoved, bundle.TotalEntries);
        }
        catch (AsnContentException ex)
        {
            throw new Icao9303FormatException("ml.malformed", $"CscaMasterList is not valid ASN.1: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Encodes a Master List eContent (DER: the SET OF is sorted; identical certificates are written once).
    /// </summary>
    public static byte[] Encode(IEnumerable<ReadOnlyMemory<byte>> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            using (writer.PushSetOf())
            {
                foreach (var certificate in certificates)
                {
                    // Validates the certificate and its single-element framing before it is signed into a list.
                    X509CertificateParts.Decode(certificate);
                    if (seen.Add(Convert.ToHexString(SHA256.HashData(certificate.Span))))
                    {
                        writer.WriteEncodedValue(certificate.Span);
                    }
                }
            }
        }

        return writer.Encode();
    }

    /// <summary>The countryName of a certificate's subject, upper-cased, or null.</summary>
    public static string? CountryOf(X509CertificateParts certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Names.CountryOf(certificate.Subject);
    }
}
