using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Pkd.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Credentials.Pkd.Application;

/// <summary>
/// ListCertificates: keyset paging over (updated_at, fingerprint), oldest change first (so incremental downloads with
/// updated_since work). The page token carries the last row's position and a hash of the filters.
/// </summary>
internal sealed class ListCertificatesHandler
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    private readonly ICertificateStore _certificates;
    private readonly TimeProvider _timeProvider;

    public ListCertificatesHandler(ICertificateStore certificates, TimeProvider timeProvider)
    {
        _certificates = certificates;
        _timeProvider = timeProvider;
    }

    public async Task<ListCertificatesResponse> HandleAsync(ListCertificatesRequest request, CancellationToken cancellationToken)
    {
        var page = request.Page ?? new PageRequest();
        var size = page.PageSize == 0 ? DefaultPageSize : Math.Min(page.PageSize, MaxPageSize);
        var filterHash = FilterHash(request);
        var filter = new CertificateListFilter
        {
            Countries = request.Countries.ToList(),
            Kinds = request.Kinds.Where(k => k != CertificateKind.Unspecified).ToList(),
            Fingerprint = string.IsNullOrEmpty(request.FingerprintSha256) ? null : request.FingerprintSha256,
            UpdatedSince = request.UpdatedSince?.ToDateTimeOffset(),
            SourceId = string.IsNullOrEmpty(request.SourceId) ? null : request.SourceId,
            IncludeRemoved = request.IncludeRemoved,
            After = string.IsNullOrEmpty(page.PageToken) ? null : DecodeToken(page.PageToken, filterHash),
        };
        var rows = await _certificates.ListAsync(filter, size + 1, cancellationToken);
        var now = _timeProvider.GetUtcNow();
        var response = new ListCertificatesResponse { Page = new PageResponse() };
        foreach (var row in rows.Take(size))
        {
            var entry = new StoredCertificate
            {
                Certificate = ContractMapping.Summarize(row.Der, row.Fingerprint, row.Kind, now),
                FirstSeenAt = Timestamp.FromDateTimeOffset(row.FirstSeenAt),
                UpdatedAt = Timestamp.FromDateTimeOffset(row.UpdatedAt),
                Removed = row.Removed,
                Verified = row.Verified,
            };
            entry.SourceIds.AddRange(row.SourceIds);
            entry.LintFindings.AddRange(ContractMapping.ToChecks(ContractMapping.FindingsFromJson(row.LintFindings)));
            response.Certificates.Add(entry);
        }

        if (rows.Count > size)
        {
            var last = rows[size - 1];
            response.Page.NextPageToken = EncodeToken(last.UpdatedAt, last.Fingerprint, filterHash);
        }

        return response;
    }

    private static byte[] FilterHash(ListCertificatesRequest request)
    {
        var filters = request.Clone();
        filters.Page = null;
        return SHA256.HashData(filters.ToByteArray())[..8];
    }

    private static string EncodeToken(DateTimeOffset updatedAt, string fingerprint, byte[] filterHash)
    {
        var fingerprintBytes = Encoding.ASCII.GetBytes(fingerprint);
        var token = new byte[16 + fingerprintBytes.Length];
        filterHash.CopyTo(token, 0);
        BinaryPrimitives.WriteInt64BigEndian(token.AsSpan(8), updatedAt.UtcTicks);
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
            if (bytes.Length != 16 + 64 || !CryptographicOperations.FixedTimeEquals(bytes.AsSpan(0, 8), filterHash))
            {
                throw PkdErrors.Invalid("PAGE_TOKEN_INVALID", "page_token does not belong to these filters.");
            }

            var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(8));
            return (new DateTimeOffset(ticks, TimeSpan.Zero), Encoding.ASCII.GetString(bytes, 16, 64));
        }
        catch (Exception exception) when (exception is FormatException or ArgumentOutOfRangeException)
        {
            throw PkdErrors.Invalid("PAGE_TOKEN_INVALID", "page_token is malformed.");
        }
    }
}
