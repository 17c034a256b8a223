using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Icao9303;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;
using Google.Protobuf.WellKnownTypes;

namespace Credentials.TrustAnchor.Application;

/// <summary>
/// ListTrustAnchors: CSCA and link certificates ordered by country, notBefore and fingerprint, with the newest CRL of
/// each. The page token is the offset bound to a hash of the filters (a token reused with other filters is rejected).
/// </summary>
internal sealed class ListTrustAnchorsHandler
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    private readonly ITrustStore _store;
    private readonly TimeProvider _timeProvider;

    public ListTrustAnchorsHandler(ITrustStore store, TimeProvider timeProvider)
    {
        _store = store;
        _timeProvider = timeProvider;
    }

    public async Task<ListTrustAnchorsResponse> HandleAsync(ListTrustAnchorsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pageSize = request.Page?.PageSize ?? 0;
        if (pageSize < 0)
        {
            throw TrustAnchorErrors.Invalid("PAGE_SIZE_INVALID", "page_size must not be negative.");
        }

        pageSize = pageSize == 0 ? DefaultPageSize : Math.Min(pageSize, MaxPageSize);
        var filterHash = FilterHash(request);
        var offset = ParseToken(request.Page?.PageToken ?? string.Empty, filterHash);
        var query = new AnchorQuery(
            string.IsNullOrEmpty(request.Country) ? null : request.Country,
            request.Kind == CertificateKind.Unspecified ? null : request.Kind,
            string.IsNullOrEmpty(request.FingerprintSha256) ? null : request.FingerprintSha256,
            offset,
            pageSize + 1);
        var rows = await _store.ListAnchorsAsync(query, cancellationToken);
        var now = _timeProvider.GetUtcNow();
        var response = new ListTrustAnchorsResponse { Page = new PageResponse() };
        foreach (var row in rows.Take(pageSize))
        {
            var certificate = X509CertificateParts.Decode(row.Der);
            CertificateRevocationList? crl = null;
            if (row.CrlDer is { } crlDer)
            {
                try
                {
                    crl = CertificateRevocationList.Decode(crlDer);
                }
                catch (Icao9303FormatException)
                {
                    crl = null;
                }
            }

            var revoked = crl?.FindRevoked(certificate.SerialNumber.Span) is { } entry && entry.RevocationDate <= now;
            response.TrustAnchors.Add(new Contracts.TrustAnchor.V1.TrustAnchor
            {
                Certificate = CertificateSummaries.Summarize(certificate, row.Kind, CertificateSummaries.StatusAt(certificate, now, revoked)),
                Source = row.Source,
                AddedAt = Timestamp.FromDateTimeOffset(row.AddedAt),
                Crl = crl is null ? null : CertificateSummaries.Summarize(crl),
                UnlistedAt = row.UnlistedAt is { } unlisted ? Timestamp.FromDateTimeOffset(unlisted) : null,
            });
        }

        if (rows.Count > pageSize)
        {
            response.Page.NextPageToken = Token(offset + pageSize, filterHash);
        }

        return response;
    }

    public static string Token(int offset, string filterHash) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{offset}:{filterHash}")));

    public static int ParseToken(string token, string filterHash)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        try
        {
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(token));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                && string.Equals(text[(colon + 1)..], filterHash, StringComparison.Ordinal))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
            // Not base64: rejected below.
        }

        throw TrustAnchorErrors.Invalid("PAGE_TOKEN_INVALID", "page_token is not a token of this listing with these filters.");
    }

    public static string FilterHash(ListTrustAnchorsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var filters = string.Create(CultureInfo.InvariantCulture, $"{request.Country}|{(int)request.Kind}|{request.FingerprintSha256}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(filters)))[..16];
    }
}
