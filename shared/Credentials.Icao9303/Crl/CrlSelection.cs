using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Crl;

/// <summary>
/// Which of several CRLs of one issuer applies at a moment (RFC 5280 §5.1.2.4 thisUpdate, §5.2.3 cRLNumber): the newest
/// issued at or before the moment, by thisUpdate, then by cRLNumber (two CRLs of the same second — a revocation right
/// after a publication — are ordered by their monotonically increasing number). The one place this is decided.
/// </summary>
public static class CrlSelection
{
    /// <summary>The CRL that applies at <paramref name="at"/>, or null when none was issued by then.</summary>
    public static CertificateRevocationList? Newest(IEnumerable<CertificateRevocationList> crls, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(crls);
        CertificateRevocationList? newest = null;
        foreach (var candidate in crls)
        {
            newest = Prefer(candidate, newest, at);
        }

        return newest;
    }

    /// <summary>
    /// As <see cref="Newest"/> over those of <paramref name="crls"/> whose issuer name is equivalent to
    /// <paramref name="issuer"/> (<see cref="DistinguishedNames.AreEquivalent"/>), without allocating.
    /// </summary>
    internal static CertificateRevocationList? NewestOfIssuer(CertificateRevocationList[] crls, ReadOnlyMemory<byte> issuer, DateTimeOffset at)
    {
        CertificateRevocationList? newest = null;
        foreach (var candidate in crls)
        {
            if (DistinguishedNames.AreEquivalent(candidate.Issuer, issuer))
            {
                newest = Prefer(candidate, newest, at);
            }
        }

        return newest;
    }

    // The rule of both: a CRL issued by then that supersedes the newest so far replaces it.
    private static CertificateRevocationList? Prefer(CertificateRevocationList candidate, CertificateRevocationList? newest, DateTimeOffset at) =>
        candidate.ThisUpdate <= at && (newest is null || IsNewer(candidate, newest)) ? candidate : newest;

    /// <summary>True when <paramref name="candidate"/> supersedes <paramref name="current"/>.</summary>
    public static bool IsNewer(CertificateRevocationList candidate, CertificateRevocationList current)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(current);
        if (candidate.ThisUpdate != current.ThisUpdate)
        {
            return candidate.ThisUpdate > current.ThisUpdate;
        }

        return (candidate.CrlNumber ?? -1) > (current.CrlNumber ?? -1);
    }
}
