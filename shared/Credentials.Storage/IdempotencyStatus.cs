namespace Credentials.Storage;

/// <summary>What the idempotency store knows about a request_id.</summary>
public enum IdempotencyStatus
{
    /// <summary>Never answered: perform the request and record its response.</summary>
    New = 0,

    /// <summary>Answered before for the same operation and fingerprint: return the stored response.</summary>
    Replay = 1,

    /// <summary>Answered before for another operation or another request body: refuse (REQUEST_ID_CONFLICT).</summary>
    Conflict = 2,
}
