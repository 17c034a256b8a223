namespace Credentials.SignerKeys;

/// <summary>Where a service's signer keys are kept (PostgreSQL: <c>PostgresSignerKeyRepository</c> of Credentials.SignerKeys.Postgres, <c>signer_keys</c> in its schema).</summary>
public interface ISignerKeyRepository
{
    /// <summary>Every key, newest first.</summary>
    Task<IReadOnlyList<SignerKeyRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>One page of keys, newest first, after the (created_at, key_id) cursor; a null filter matches all.</summary>
    Task<IReadOnlyList<SignerKeyRecord>> ListPageAsync(
        SignerKeyStatus? status, string documentType, SignerKeyKind? kind, (DateTimeOffset CreatedAt, string KeyId)? after, int limit, CancellationToken cancellationToken);

    Task InsertAsync(SignerKeyRecord key, CancellationToken cancellationToken);

    /// <summary>
    /// Locks every key, asks <paramref name="plan"/> what changes given them, applies that and commits, so concurrent
    /// instances agree (the plan sees the keys as they are under the lock). Returns what was applied.
    /// </summary>
    Task<IReadOnlyList<SignerKeyTransition>> TransitionAsync(
        Func<IReadOnlyList<SignerKeyRecord>, IReadOnlyList<SignerKeyTransition>> plan, CancellationToken cancellationToken);
}
