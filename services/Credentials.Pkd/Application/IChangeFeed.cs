namespace Credentials.Pkd.Application;

/// <summary>The ordered change log behind WatchUpdates (written in the transaction of each change).</summary>
internal interface IChangeFeed
{
    /// <summary>The sequence number of the last change (0 when none).</summary>
    Task<long> GetMaxSequenceAsync(CancellationToken cancellationToken);

    /// <summary>At most <paramref name="limit"/> changes after <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<ChangeRecord>> GetChangesAsync(long afterSequence, int limit, CancellationToken cancellationToken);
}
