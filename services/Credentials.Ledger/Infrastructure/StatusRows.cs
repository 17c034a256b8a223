using Credentials.Ledger.Application;
using Npgsql;
using NpgsqlTypes;

namespace Credentials.Ledger.Infrastructure;

/// <summary>
/// The status changes of one appended batch as multi-row upserts (one statement instead of one per event). One
/// INSERT … ON CONFLICT may not touch a row twice, so a credential that several events of the batch change (an
/// issuance and its revocation) goes into successive rounds, each a statement of its own, in batch order: the result
/// is that of applying the changes one by one, by the one merge rule in <see cref="UpsertSql"/>.
/// </summary>
internal sealed class StatusRows
{
    // Issuance fills issued/expiry; a revocation keeps the first recorded revocation. Events may arrive in any order
    // across topics, so either may create the row.
    private const string UpsertSql =
        "INSERT INTO credential_status AS s (kind, credential_id, security_object_sha256, issued_at, expires_at, revoked_at, revocation_reason, last_entry_sequence) "
        + "SELECT * FROM unnest(@kind, @id, @sod, @issuedAt, @expiresAt, @revokedAt, @reason, @sequence) "
        + "ON CONFLICT (kind, credential_id) DO UPDATE SET "
        + "security_object_sha256 = coalesce(s.security_object_sha256, excluded.security_object_sha256), "
        + "issued_at = coalesce(excluded.issued_at, s.issued_at), "
        + "expires_at = coalesce(excluded.expires_at, s.expires_at), "
        + "revoked_at = coalesce(s.revoked_at, excluded.revoked_at), "
        + "revocation_reason = CASE WHEN s.revoked_at IS NULL THEN excluded.revocation_reason ELSE s.revocation_reason END, "
        + "last_entry_sequence = greatest(s.last_entry_sequence, excluded.last_entry_sequence)";

    private readonly List<Round> _rounds = [];
    private readonly Dictionary<(string Kind, string Id), int> _seen = [];

    /// <summary>Adds the change that the entry <paramref name="sequence"/> makes; call in batch order.</summary>
    public void Add(StatusChange change, long sequence)
    {
        ArgumentNullException.ThrowIfNull(change);
        var kind = LedgerStoredCodes.Code(change.Kind);
        var round = _seen.TryGetValue((kind, change.CredentialId), out var earlier) ? earlier + 1 : 0;
        _seen[(kind, change.CredentialId)] = round;
        if (round == _rounds.Count)
        {
            _rounds.Add(new Round());
        }

        _rounds[round].Add(kind, change, sequence);
    }

    /// <summary>The upsert statements, one per round, to run in this order after the entries are inserted.</summary>
    public IEnumerable<NpgsqlBatchCommand> ToUpserts() => _rounds.Select(r => r.ToUpsert());

    private sealed class Round
    {
        private readonly List<string> _kinds = [];
        private readonly List<string> _ids = [];
        private readonly List<string?> _sods = [];
        private readonly List<DateTimeOffset?> _issuedAt = [];
        private readonly List<DateTimeOffset?> _expiresAt = [];
        private readonly List<DateTimeOffset?> _revokedAt = [];
        private readonly List<string?> _reasons = [];
        private readonly List<long> _sequences = [];

        public void Add(string kind, StatusChange change, long sequence)
        {
            _kinds.Add(kind);
            _ids.Add(change.CredentialId);
            _sods.Add(change.SecurityObjectSha256);
            _issuedAt.Add(change.IssuedAt);
            _expiresAt.Add(change.ExpiresAt);
            _revokedAt.Add(change.RevokedAt);
            _reasons.Add(change.RevocationReason);
            _sequences.Add(sequence);
        }

        public NpgsqlBatchCommand ToUpsert()
        {
            var command = new NpgsqlBatchCommand(UpsertSql);
            command.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = _kinds });
            command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = _ids });
            command.Parameters.Add(new NpgsqlParameter("sod", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = _sods });
            command.Parameters.Add(new NpgsqlParameter("issuedAt", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = _issuedAt });
            command.Parameters.Add(new NpgsqlParameter("expiresAt", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = _expiresAt });
            command.Parameters.Add(new NpgsqlParameter("revokedAt", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = _revokedAt });
            command.Parameters.Add(new NpgsqlParameter("reason", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = _reasons });
            command.Parameters.Add(new NpgsqlParameter("sequence", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = _sequences });
            return command;
        }
    }
}
