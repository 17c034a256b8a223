using Credentials.Contracts.Ledger.V1;

namespace Credentials.Ledger.Application;

/// <summary>What an event changes in the status projection of one credential (null fields leave the row as is).</summary>
internal sealed record StatusChange(
    CredentialKind Kind,
    string CredentialId,
    string? SecurityObjectSha256,
    DateTimeOffset? IssuedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    string? RevocationReason);
