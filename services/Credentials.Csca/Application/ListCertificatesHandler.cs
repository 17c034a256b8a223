using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Google.Protobuf;

namespace Credentials.Csca.Application;

/// <summary>
/// ListCertificates: keyset paging over (issued_at, fingerprint), newest first. The page token carries the last
/// row's position and a hash of the filters, so a token used with other filters is refused.
/// </summary>
internal sealed class ListCertificatesHandler
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    private readonly CscaIssuing _issuing;

    public ListCertificatesHandler(CscaIssuing issuing)
    {
        _issuing = issuing;
    }

    public async Task<ListCertificatesResponse> HandleAsync(ListCertificatesRequest request, CancellationToken cancellationToken)
    {
        var page = request.Page ?? new PageRequest();
        if (page.PageSize < 0)
        {
            throw CscaErrors.Invalid("PAGE_SIZE_INVALID", "page_size must not be negative.");
        }

        var size = page.PageSize == 0 ? DefaultPageSize : Math.Min(page.PageSize, MaxPageSize);
        var filterHash = FilterHash(request);
        var now = _issuing.TimeProvider.GetUtcNow();
        var filter = new CertificateFilter
        {
            Kinds = request.Kinds.Where(k => k != CertificateKind.Unspecified).ToList(),
            Status = request.Status switch
            {
                CertificateStatus.Valid => CertificateStatusFilter.Valid,
                CertificateStatus.NotYetValid => CertificateStatusFilter.NotYetValid,
                CertificateStatus.Expired => CertificateStatusFilter.Expired,
                CertificateStatus.Revoked => CertificateStatusFilter.Revoked,
                _ => null,
            },
            CscaId = NullIfEmpty(request.CscaId),
            Fingerprint = NullIfEmpty(request.FingerprintSha256),
            SerialNumber = NullIfEmpty(request.SerialNumber),
            IssuedSince = request.IssuedSince?.ToDateTimeOffset(),
            Now = now,
            After = string.IsNullOrEmpty(page.PageToken) ? null : DecodeToken(page.PageToken, filterHash),
        };
        var rows = await _issuing.Store.ListCertificatesAsync(filter, size + 1, cancellationToken);
        var response = new ListCertificatesResponse { Page = new PageResponse() };
        foreach (var row in rows.Take(size))
        {
            response.Certificates.Add(ContractMapping.Summarize(row.Der, row.Kind, now, row.RevokedAt));
        }

        if (rows.Count > size)
        {
            var last = rows[size - 1];
            response.Page.NextPageToken = EncodeToken(last.IssuedAt, last.Fingerprint, filterHash);
        }

        return response;
    }

    private static byte[] FilterHash(ListCertificatesRequest request)
    {
        var filters = request.Clone();
        filters.Page = null;
        return SHA256.HashData(filters.ToByteArray())[..8];
    }

    private static string EncodeToken(DateTimeOffset issuedAt, string fingerprint, byte[] filterHash)
    {
        var fingerprintBytes = Encoding.ASCII.GetBytes(fingerprint);
        var token = new byte[8 + 8 + fingerprintBytes.Length];
        filterHash.CopyTo(token, 0);
        BinaryPrimitives.WriteInt64BigEndian(token.AsSpan(8), issuedAt.UtcTicks);
        fingerprintBytes.CopyTo(token, 16);
        return Convert.ToBase64String(token).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static (DateTimeOffset, string) DecodeToken(string token, byte[] filterHash)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var bytes = Convert.FromBase64String(base64);
            if (bytes.Length != 16 + 64 || !bytes.AsSpan(0, 8).SequenceEqual(filterHash))
            {
                throw CscaErrors.Invalid("PAGE_TOKEN_INVALID", "page_token does not belong to these filters.");
            }

            var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(8));
            return (new DateTimeOffset(ticks, TimeSpan.Zero), Encoding.ASCII.GetString(bytes, 16, 64));
        }
        catch (Exception exception) when (exception is FormatException or ArgumentOutOfRangeException)
        {
            throw CscaErrors.Invalid("PAGE_TOKEN_INVALID", "page_token is malformed.");
        }
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;
}
