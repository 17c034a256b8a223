using Credentials.Contracts.Ledger.V1;
using Google.Protobuf.WellKnownTypes;

namespace Credentials.Ledger.Application;

/// <summary>GetCredentialStatus: the status projection by credential_id, dtc_id or EF.SOD SHA-256.</summary>
internal sealed class GetCredentialStatusHandler
{
    private const int MaxIdLength = 128;

    private readonly ILedgerStore _repository;
    private readonly TimeProvider _timeProvider;

    public GetCredentialStatusHandler(ILedgerStore repository, TimeProvider timeProvider)
    {
        _repository = repository;
        _timeProvider = timeProvider;
    }

    public async Task<GetCredentialStatusResponse> HandleAsync(GetCredentialStatusRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Kind != CredentialKind.Unspecified && request.LookupCase != GetCredentialStatusRequest.LookupOneofCase.SecurityObjectSha256)
        {
            throw LedgerErrors.FieldInvalid("kind", "set only with security_object_sha256.");
        }

        var record = request.LookupCase switch
        {
            GetCredentialStatusRequest.LookupOneofCase.CredentialId =>
                await _repository.FindStatusAsync(CredentialKind.Emrtd, Identifier(request.CredentialId, "credential_id"), cancellationToken),
            GetCredentialStatusRequest.LookupOneofCase.DtcId =>
                await _repository.FindStatusAsync(CredentialKind.Dtc, Identifier(request.DtcId, "dtc_id"), cancellationToken),
            GetCredentialStatusRequest.LookupOneofCase.SecurityObjectSha256 =>
                await _repository.FindStatusBySecurityObjectAsync(Sha256Hex(request.SecurityObjectSha256), Kind(request.Kind), cancellationToken),
            _ => throw LedgerErrors.FieldRequired("lookup"),
        };

        if (record is null)
        {
            return new GetCredentialStatusResponse { Status = CredentialStatus.Unknown, Kind = CredentialKind.Unspecified };
        }

        var status = record.StatusAt(_timeProvider.GetUtcNow());
        var response = new GetCredentialStatusResponse
        {
            Status = status,
            Kind = record.Kind,
            CredentialId = record.CredentialId,
            LastEntrySequence = record.LastEntrySequence,
        };
        if (record.IssuedAt is { } issued)
        {
            response.IssuedAt = Timestamp.FromDateTimeOffset(issued);
        }

        if (record.ExpiresAt is { } expires)
        {
            response.ExpiresAt = Timestamp.FromDateTimeOffset(expires);
        }

        if (status == CredentialStatus.Revoked && record.RevokedAt is { } revoked)
        {
            response.RevokedAt = Timestamp.FromDateTimeOffset(revoked);
            response.RevocationReason = record.RevocationReason ?? string.Empty;
        }

        return response;
    }

    private static CredentialKind? Kind(CredentialKind kind) => kind switch
    {
        CredentialKind.Unspecified => null,
        CredentialKind.Emrtd or CredentialKind.Dtc => kind,
        _ => throw LedgerErrors.FieldInvalid("kind", "EMRTD, DTC or unset."),
    };

    private static string Identifier(string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw LedgerErrors.FieldRequired(field);
        }

        if (value.Length > MaxIdLength || value.Any(char.IsControl))
        {
            throw LedgerErrors.FieldInvalid(field, $"at most {MaxIdLength} printable characters.");
        }

        return value;
    }

    private static string Sha256Hex(string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw LedgerErrors.FieldRequired("security_object_sha256");
        }

        if (value.Length != 64 || value.Any(c => !char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f')))
        {
            throw LedgerErrors.FieldInvalid("security_object_sha256", "64 lowercase hexadecimal digits.");
        }

        return value;
    }
}
