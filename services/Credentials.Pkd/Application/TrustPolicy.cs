using System.Security.Cryptography;
using System.Text;
using Credentials.Icao9303;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Pkd;

namespace Credentials.Pkd.Application;

/// <summary>
/// The trust policy of one source's Master Lists (Doc 9303 Part 12 §9: a receiving State decides which Master List
/// Signers it trusts; the list's own CSCAs prove nothing by themselves). Pins are SHA-256 fingerprints of CSCA or
/// Master List Signer certificates; pinned certificate files also serve as trust anchors for the signer's chain.
/// </summary>
internal sealed class TrustPolicy
{
    private readonly HashSet<string> _fingerprints;

    public TrustPolicy(IEnumerable<string> fingerprints, IReadOnlyList<byte[]> anchors)
    {
        _fingerprints = new HashSet<string>(fingerprints, StringComparer.Ordinal);
        Anchors = anchors;
        foreach (var anchor in anchors)
        {
            _fingerprints.Add(Fingerprint(anchor));
        }
    }

    /// <summary>Pinned fingerprints (lowercase hex), including those of <see cref="Anchors"/>.</summary>
    public IReadOnlyCollection<string> Fingerprints => _fingerprints;

    /// <summary>Certificates loaded from pinned files (DER).</summary>
    public IReadOnlyList<byte[]> Anchors { get; }

    /// <summary>True when nothing is pinned: every Master List of the source is rejected.</summary>
    public bool IsEmpty => _fingerprints.Count == 0;

    /// <summary>
    /// Builds the policy from configuration entries: 64 hex digits are a fingerprint, anything else a file path
    /// (relative paths against <paramref name="baseDirectory"/>).
    /// </summary>
    public static TrustPolicy Load(IEnumerable<string> entries, string baseDirectory)
    {
        var fingerprints = new List<string>();
        var anchors = new List<byte[]>();
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (IsFingerprint(entry))
            {
                fingerprints.Add(entry.ToLowerInvariant());
                continue;
            }

            var path = Path.IsPathRooted(entry) ? entry : Path.Combine(baseDirectory, entry);
            anchors.AddRange(ReadCertificates(File.ReadAllBytes(path)));
        }

        return new TrustPolicy(fingerprints, anchors);
    }

    /// <summary>True for exactly 64 hexadecimal digits.</summary>
    public static bool IsFingerprint(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);

    /// <summary>The certificates of a DER file or of a PEM bundle; each is decoded to check it.</summary>
    public static IReadOnlyList<byte[]> ReadCertificates(byte[] content)
    {
        var result = new List<byte[]>();
        if (content.Length > 0 && content[0] == 0x30)
        {
            X509CertificateParts.Decode(content);
            result.Add(content);
            return result;
        }

        var text = Encoding.ASCII.GetString(content);
        const string Begin = "-----BEGIN CERTIFICATE-----";
        const string End = "-----END CERTIFICATE-----";
        var position = 0;
        while ((position = text.IndexOf(Begin, position, StringComparison.Ordinal)) >= 0)
        {
            var end = text.IndexOf(End, position, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new Icao9303FormatException("pem.truncated", "A PEM certificate block has no END line.");
            }

            var base64 = text[(position + Begin.Length)..end];
            var der = Convert.FromBase64String(string.Concat(base64.Where(c => !char.IsWhiteSpace(c))));
            X509CertificateParts.Decode(der);
            result.Add(der);
            position = end + End.Length;
        }

        return result.Count > 0 ? result : throw new Icao9303FormatException("pem.no-certificate", "The file holds no certificate.");
    }

    /// <summary>
    /// Decides a verified Master List: accepted when the signer certificate is pinned, or when the CSCA that issued the
    /// signer (from the pinned files or from the list) is pinned.
    /// </summary>
    public bool Accepts(SignedListVerificationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.IsValid || result.SignerCertificate is null)
        {
            return false;
        }

        return _fingerprints.Contains(Fingerprint(result.SignerCertificate.Encoded.Span))
            || (result.IssuerCertificate is { } issuer && _fingerprints.Contains(Fingerprint(issuer.Encoded.Span)));
    }

    /// <summary>SHA-256 of the DER, lowercase hex.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> der) => Convert.ToHexStringLower(SHA256.HashData(der));
}
