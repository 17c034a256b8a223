using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Pkd;

/// <summary>
/// Certificates as States and operators exchange them outside a signed list: one DER certificate, DER certificates
/// one after another, or a PEM text of <c>CERTIFICATE</c> blocks (RFC 7468 section 5). Like the certList of a CSCA
/// Master List (<see cref="CscaMasterList"/>, which decodes its entries here too), an entry that is not a usable
/// certificate is skipped and reported in <see cref="Skipped"/> while the good ones are used: real bundles hold a few
/// non-conforming certificates (the public 720-certificate CSCA bundle has link certificates with a bare
/// SubjectKeyIdentifier), and refusing the whole bundle for them would refuse every State in it.
/// Byte-identical duplicates are removed (SHA-256) and counted.
/// </summary>
public sealed class CertificateBundle
{
    /// <summary>Upper bound on entries (real bundles and lists hold a few hundred).</summary>
    public const int MaxEntries = 100_000;

    private const string PemBegin = "-----BEGIN ";
    private const string PemEnd = "-----END ";
    private const string CertificateLabel = "CERTIFICATE";

    private CertificateBundle(IReadOnlyList<X509CertificateParts> certificates, IReadOnlyList<SkippedCertificate> skipped, int duplicates, int total)
    {
        Certificates = certificates;
        Skipped = skipped;
        DuplicatesRemoved = duplicates;
        TotalEntries = total;
    }

    /// <summary>The usable, de-duplicated certificates, in bundle order.</summary>
    public IReadOnlyList<X509CertificateParts> Certificates { get; }

    /// <summary>Entries left out, each with its zero-based position and the reason.</summary>
    public IReadOnlyList<SkippedCertificate> Skipped { get; }

    /// <summary>Entries dropped because an identical certificate came earlier.</summary>
    public int DuplicatesRemoved { get; }

    /// <summary>Entries in the bundle (certificates, duplicates and skipped).</summary>
    public int TotalEntries { get; }

    /// <summary>
    /// Splits and decodes a bundle. With <paramref name="requireSupportedKey"/> an entry whose public key cannot be
    /// used for verification (<see cref="VerificationKey.FromSubjectPublicKeyInfo"/>) is skipped as well, for callers
    /// that make trust anchors of the certificates.
    /// </summary>
    /// <exception cref="Icao9303FormatException">The content holds no entry at all (reason <c>bundle.empty</c>) or more than <see cref="MaxEntries"/> (<c>bundle.too-many-entries</c>).</exception>
    public static CertificateBundle Decode(ReadOnlyMemory<byte> content, bool requireSupportedKey = false)
    {
        var entries = IsPem(content.Span) ? PemEntries(content.Span) : DerEntries(content);
        if (entries.Count == 0)
        {
            throw new Icao9303FormatException("bundle.empty", "The content holds no certificate.");
        }

        return FromEntries(entries, requireSupportedKey);
    }

    /// <summary>Decodes entries already split (the certList of a Master List): the one skip rule for both.</summary>
    internal static CertificateBundle FromEntries(IReadOnlyList<Entry> entries, bool requireSupportedKey, IProgress<SignedListProgress>? progress = null)
    {
        if (entries.Count > MaxEntries)
        {
            throw new Icao9303FormatException("bundle.too-many-entries", $"More than {MaxEntries} entries.");
        }

        var certificates = new List<X509CertificateParts>(entries.Count);
        var skipped = new List<SkippedCertificate>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0;
        for (var index = 0; index < entries.Count; index++)
        {
            // Every 64 entries and at the end: often enough for a terminal, cheap for a list of thousands.
            if (progress is not null && (index % 64 == 0))
            {
                progress.Report(new SignedListProgress(SignedListProgress.Decoding, index, entries.Count));
            }

            var entry = entries[index];
            if (entry.Problem is { } problem)
            {
                skipped.Add(new SkippedCertificate(index, problem.Reason, problem.Message));
                continue;
            }

            try
            {
                var certificate = X509CertificateParts.Decode(entry.Der);
                if (requireSupportedKey)
                {
                    using var key = VerificationKey.FromSubjectPublicKeyInfo(certificate.SubjectPublicKeyInfo);
                }

                if (seen.Add(Convert.ToHexString(SHA256.HashData(entry.Der.Span))))
                {
                    certificates.Add(certificate);
                }
                else
                {
                    duplicates++;
                }
            }
            catch (Icao9303FormatException ex)
            {
                skipped.Add(new SkippedCertificate(index, ex.Reason, ex.Message));
            }
        }

        progress?.Report(new SignedListProgress(SignedListProgress.Decoding, entries.Count, entries.Count));
        return new CertificateBundle(certificates, skipped, duplicates, entries.Count);
    }

    // A DER certificate starts with a SEQUENCE tag; PEM may be preceded by explanatory text (RFC 7468 section 5.2).
    private static bool IsPem(ReadOnlySpan<byte> content) => content.Length > 0 && content[0] != 0x30 && content.IndexOf("-----BEGIN "u8) >= 0;

    // RFC 7468 section 2: "-----BEGIN label-----" base64 "-----END label-----"; text between blocks is ignored.
    private static List<Entry> PemEntries(ReadOnlySpan<byte> content)
    {
        var text = Encoding.ASCII.GetString(content);
        var entries = new List<Entry>();
        var position = 0;
        var (line, counted) = (1, 0);
        while ((position = text.IndexOf(PemBegin, position, StringComparison.Ordinal)) >= 0 && entries.Count <= MaxEntries)
        {
            line += text.AsSpan(counted, position - counted).Count('\n');
            counted = position;
            var labelStart = position + PemBegin.Length;
            var labelEnd = text.IndexOf("-----", labelStart, StringComparison.Ordinal);
            if (labelEnd < 0 || text.AsSpan(labelStart, labelEnd - labelStart).IndexOfAny('\r', '\n') >= 0)
            {
                entries.Add(Entry.Skip("pem.malformed", $"PEM header at line {line} is not terminated."));
                break;
            }

            var label = text[labelStart..labelEnd];
            var end = PemEnd + label + "-----";
            var stop = text.IndexOf(end, labelEnd + 5, StringComparison.Ordinal);
            if (stop < 0)
            {
                entries.Add(Entry.Skip("pem.malformed", $"PEM block '{label}' at line {line} has no '{end}'."));
                break;
            }

            var base64 = text[(labelEnd + 5)..stop];
            position = stop + end.Length;
            if (!string.Equals(label, CertificateLabel, StringComparison.Ordinal))
            {
                entries.Add(Entry.Skip("pem.label", $"PEM block at line {line} is '{label}', not '{CertificateLabel}'."));
                continue;
            }

            var buffer = new byte[base64.Length];
            entries.Add(Convert.TryFromBase64String(base64, buffer, out var written)
                ? new Entry(buffer.AsMemory(0, written), null)
                : Entry.Skip("pem.base64", $"PEM block at line {line} is not valid base64."));
        }

        return entries;
    }

    // DER certificates back to back; after an entry whose length cannot be read there is no next boundary.
    private static List<Entry> DerEntries(ReadOnlyMemory<byte> content)
    {
        var entries = new List<Entry>();
        var offset = 0;
        while (offset < content.Length && entries.Count <= MaxEntries)
        {
            if (!AsnDecoder.TryReadEncodedValue(content.Span[offset..], AsnEncodingRules.BER, out _, out _, out _, out var consumed) || consumed == 0)
            {
                entries.Add(Entry.Skip("bundle.malformed", $"The {content.Length - offset} bytes from offset {offset} are not a DER value."));
                break;
            }

            entries.Add(new Entry(content.Slice(offset, consumed), null));
            offset += consumed;
        }

        return entries;
    }

    /// <summary>One entry: its DER, or why it could not even be split out.</summary>
    internal readonly record struct Entry(ReadOnlyMemory<byte> Der, (string Reason, string Message)? Problem)
    {
        public static Entry Skip(string reason, string message) => new(ReadOnlyMemory<byte>.Empty, (reason, message));
    }
}
