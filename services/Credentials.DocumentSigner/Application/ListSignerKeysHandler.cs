using System.Buffers.Binary;
using System.Text;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.SignerKeys;

namespace Credentials.DocumentSigner.Application;

/// <summary>ListSignerKeys: newest first, cursor paging (AIP-158) with a token bound to the filters.</summary>
internal sealed class ListSignerKeysHandler
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 1000;
    private readonly ISignerKeyRepository _repository;

    public ListSignerKeysHandler(ISignerKeyRepository repository)
    {
        _repository = repository;
    }

    public static void Validate(ListSignerKeysRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Page?.PageSize < 0)
        {
            throw DocumentSignerErrors.Invalid("PAGE_SIZE_INVALID", "page_size must not be negative.");
        }

        if (!System.Enum.IsDefined(request.State))
        {
            throw DocumentSignerErrors.FieldInvalid("state", "unknown value.");
        }

        if (request.DocumentType.Length > 0)
        {
            SignRequestValidator.ValidateDocumentType(request.DocumentType, "document_type");
        }

        if (request.SignerKind != SignerKind.Unspecified)
        {
            _ = SignerKindRequests.FromContract(request.SignerKind, "signer_kind");
        }
    }

    public async Task<ListSignerKeysResponse> HandleAsync(ListSignerKeysRequest request, CancellationToken cancellationToken)
    {
        var size = request.Page?.PageSize is > 0 and var s ? Math.Min(s, MaxPageSize) : DefaultPageSize;
        SignerKeyKind? kind = request.SignerKind == SignerKind.Unspecified ? null : SignerKindRequests.FromContract(request.SignerKind, "signer_kind");
        var filter = $"{(int)request.State}|{request.DocumentType}|{(kind is { } k ? SignerKeyKinds.ToCode(k) : string.Empty)}";
        var after = string.IsNullOrEmpty(request.Page?.PageToken) ? ((DateTimeOffset, string)?)null : DecodeToken(request.Page.PageToken, filter);
        var keys = await _repository.ListPageAsync(SignerKeyContracts.FromContract(request.State), request.DocumentType, kind, after, size + 1, cancellationToken);
        var response = new ListSignerKeysResponse { Page = new PageResponse() };
        response.SignerKeys.AddRange(keys.Take(size).Select(k => k.ToContract()));
        if (keys.Count > size)
        {
            var last = keys[size - 1];
            response.Page.NextPageToken = EncodeToken(last.CreatedAt, last.KeyId, filter);
        }

        return response;
    }

    private static string EncodeToken(DateTimeOffset createdAt, string keyId, string filter)
    {
        var text = Encoding.UTF8.GetBytes($"{filter}\n{keyId}");
        var bytes = new byte[8 + text.Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, createdAt.UtcTicks);
        text.CopyTo(bytes, 8);
        return Convert.ToBase64String(bytes);
    }

    private static (DateTimeOffset, string) DecodeToken(string token, string filter)
    {
        try
        {
            var bytes = Convert.FromBase64String(token);
            var text = Encoding.UTF8.GetString(bytes, 8, bytes.Length - 8);
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            if (bytes.Length < 9 || newline < 0 || text[..newline] != filter)
            {
                throw DocumentSignerErrors.Invalid("PAGE_TOKEN_INVALID", "page_token does not belong to these filters.");
            }

            return (new DateTimeOffset(BinaryPrimitives.ReadInt64BigEndian(bytes), TimeSpan.Zero), text[(newline + 1)..]);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException)
        {
            throw DocumentSignerErrors.Invalid("PAGE_TOKEN_INVALID", "page_token is malformed.");
        }
    }
}
