namespace Credentials.Storage;

/// <summary>
/// The suite's one idempotency store as handlers see it (STYLE.md rule 10): per request_id the first response, the
/// operation it answered and the request's fingerprint. What a recorded request_id means is
/// <see cref="IdempotencyRule.Decide"/>. Writes that must commit together with the change they describe are made by the
/// service's Infrastructure in its own transaction (the PostgreSQL implementation offers them); this interface holds
/// what a handler may do on its own.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>Whether <paramref name="request"/>'s request_id was answered, and if so for the same request.</summary>
    Task<IdempotencyLookup> LookupAsync(IdempotentRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="response"/> under <paramref name="request"/> on its own (not in a caller's transaction)
    /// unless its request_id is recorded already: then nothing is written and false is returned.
    /// </summary>
    Task<bool> TryRecordAsync(IdempotentRequest request, byte[] response, CancellationToken cancellationToken);

    /// <summary>
    /// True when <paramref name="exception"/> is a write of a request_id that another attempt recorded first (two
    /// concurrent first attempts; the loser's change was rolled back with it).
    /// </summary>
    bool IsRequestIdTaken(Exception exception);
}
