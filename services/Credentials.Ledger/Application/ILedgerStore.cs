using Credentials.Contracts.Ledger.V1;

namespace Credentials.Ledger.Application;

/// <summary>
/// What the ledger's handlers read and write outside the ingest transaction: the status projection, the entries and
/// the signed checkpoints (implemented in Infrastructure over PostgreSQL).
/// </summary>
internal interface ILedgerStore
{
    /// <summary>The status row of one credential, or null.</summary>
    Task<CredentialStatusRecord?> FindStatusAsync(CredentialKind kind, string credentialId, CancellationToken cancellationToken);

    /// <summary>The credential whose EF.SOD hashes to <paramref name="sha256Hex"/> (of <paramref name="kind"/> when set);
    /// the eMRTD before the DTCs made from it, then the newest DTC.</summary>
    Task<CredentialStatusRecord?> FindStatusBySecurityObjectAsync(string sha256Hex, CredentialKind? kind, CancellationToken cancellationToken);

    /// <summary>Entries after <paramref name="afterSequence"/> matching <paramref name="filter"/>, ascending, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<StoredEntry>> ListAsync(EntryFilter filter, long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>Streams the entries of [from, to] (to = 0: to the head) in sequence order, from one snapshot.</summary>
    IAsyncEnumerable<StoredEntry> StreamAsync(long fromSequence, long toSequence, CancellationToken cancellationToken);

    /// <summary>The newest entry's sequence and hash, or null when the ledger is empty.</summary>
    Task<(long Sequence, byte[] EntryHash)?> GetHeadAsync(CancellationToken cancellationToken);

    /// <summary>The stored entry_hash of one entry, or null.</summary>
    Task<byte[]?> GetEntryHashAsync(long sequence, CancellationToken cancellationToken);

    /// <summary>The sequence of the newest checkpoint, 0 when there is none.</summary>
    Task<long> GetLastCheckpointSequenceAsync(CancellationToken cancellationToken);

    /// <summary>Stores a checkpoint; false when one for that sequence exists already (another instance signed it).</summary>
    Task<bool> InsertCheckpointAsync(CheckpointRecord checkpoint, CancellationToken cancellationToken);

    /// <summary>The checkpoints of [from, to] (to = 0: to the head) in sequence order.</summary>
    Task<IReadOnlyList<CheckpointRecord>> ListCheckpointsAsync(long fromSequence, long toSequence, CancellationToken cancellationToken);
}
