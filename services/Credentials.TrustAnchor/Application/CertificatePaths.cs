using Credentials.Icao9303;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.PassiveAuthentication;
using PaTrustAnchor = Credentials.Icao9303.PassiveAuthentication.TrustAnchor;

namespace Credentials.TrustAnchor.Application;

/// <summary>
/// Path building over the store (Doc 9303 Part 12 section 5: a DSC is signed by a CSCA key; after a key rollover the
/// new key is certified by the old one in a link certificate). Candidates are found by AKI/SKI first, then by name,
/// and each link is accepted only when its signature verifies.
/// </summary>
internal static class CertificatePaths
{
    private const int MaxDepth = 4;

    /// <summary>
    /// The path from an anchor to the self-signed CSCA: the anchor first; when the anchor is a link certificate, the
    /// CSCA (or chain of link certificates) whose key signed it follows, as far as the store holds it.
    /// </summary>
    public static IReadOnlyList<X509CertificateParts> PathFrom(TrustSnapshot snapshot, X509CertificateParts anchor)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(anchor);
        var path = new List<X509CertificateParts> { anchor };
        var current = anchor;
        while (path.Count < MaxDepth && !CertificateSummaries.IsSelfSigned(current))
        {
            var issuer = FindVerifyingIssuer(snapshot, current, exclude: path);
            if (issuer is null)
            {
                break;
            }

            path.Add(issuer.Certificate);
            current = issuer.Certificate;
        }

        return path;
    }

    /// <summary>The first anchor of the store (other than those in <paramref name="exclude"/>) whose key verifies <paramref name="certificate"/>.</summary>
    public static PaTrustAnchor? FindVerifyingIssuer(TrustSnapshot snapshot, X509CertificateParts certificate, IReadOnlyCollection<X509CertificateParts>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(certificate);
        foreach (var candidate in snapshot.Store.FindIssuerCandidates(certificate))
        {
            if (exclude is not null && exclude.Any(e => e.Encoded.Span.SequenceEqual(candidate.Certificate.Encoded.Span)))
            {
                continue;
            }

            if (Verifies(certificate, candidate.Key))
            {
                return candidate;
            }
        }

        return null;
    }

    public static bool Verifies(X509CertificateParts certificate, VerificationKey key)
    {
        try
        {
            return SignatureVerifier.VerifyCertificateSignature(certificate, key);
        }
        catch (Icao9303FormatException)
        {
            return false;
        }
    }
}
