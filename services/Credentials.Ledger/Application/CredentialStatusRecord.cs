using Credentials.Contracts.Ledger.V1;

namespace Credentials.Ledger.Application;

/// <summary>A row of the status projection.</summary>
internal sealed record CredentialStatusRecord(
    CredentialKind Kind,
    string CredentialId,
    string? SecurityObjectSha256,
    DateTimeOffset? IssuedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    string? RevocationReason,
    long LastEntrySequence)
{
    /// <summary>REVOKED once any revocation is recorded; UNKNOWN until the issuance is; EXPIRED past expires_at.</summary>
    public CredentialStatus StatusAt(DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            return CredentialStatus.Revoked;
        }

        if (IssuedAt is null)
        {
            return CredentialStatus.Unknown;
        }

        return ExpiresAt is { } expires && expires <= now ? CredentialStatus.Expired : CredentialStatus.Issued;
    }
}
