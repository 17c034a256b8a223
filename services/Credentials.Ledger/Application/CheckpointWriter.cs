using Credentials.Ledger.Options;
using Credentials.Storage;
using Microsoft.Extensions.Options;

namespace Credentials.Ledger.Application;

/// <summary>
/// Signs a checkpoint of the chain head when one is due (<see cref="LedgerOptions.CheckpointEveryEntries"/> new
/// entries, or <see cref="LedgerOptions.CheckpointInterval"/> since the last one while entries arrived), archives the
/// signed document in S3 under Object Lock retention, then records it.
/// </summary>
internal sealed partial class CheckpointWriter
{
    private readonly ILedgerStore _repository;
    private readonly CheckpointKey _key;
    private readonly IObjectStore _objectStore;
    private readonly TimeProvider _timeProvider;
    private readonly LedgerOptions _options;
    private readonly ILogger<CheckpointWriter> _logger;
    private DateTimeOffset _lastCheckpointAt;

    public CheckpointWriter(
        ILedgerStore repository,
        CheckpointKey key,
        IObjectStore objectStore,
        TimeProvider timeProvider,
        IOptions<LedgerOptions> options,
        ILogger<CheckpointWriter> logger)
    {
        _repository = repository;
        _key = key;
        _objectStore = objectStore;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
        _lastCheckpointAt = timeProvider.GetUtcNow();
    }

    /// <summary>Writes a checkpoint when due (or whenever the head moved, with <paramref name="force"/>); returns its sequence or null.</summary>
    public async Task<long?> WriteIfDueAsync(bool force, CancellationToken cancellationToken)
    {
        var head = await _repository.GetHeadAsync(cancellationToken);
        if (head is not { } current)
        {
            return null;
        }

        var last = await _repository.GetLastCheckpointSequenceAsync(cancellationToken);
        var pending = current.Sequence - last;
        var now = _timeProvider.GetUtcNow();
        var due = pending > 0 && (force || pending >= _options.CheckpointEveryEntries || now - _lastCheckpointAt >= _options.CheckpointInterval);
        if (!due)
        {
            return null;
        }

        var document = new CheckpointDocument(current.Sequence, current.EntryHash, now, _key.Label);
        var payload = document.ToPayload();
        var signature = await _key.SignAsync(payload, cancellationToken);
        var archive = CheckpointDocument.ToArchive(payload, signature);
        var retention = new ObjectRetention(_options.CheckpointRetentionMode, now + _options.CheckpointRetention);
        var stored = await _objectStore.PutAsync(new ObjectContent(archive, "text/plain", retention), cancellationToken);
        var inserted = await _repository.InsertCheckpointAsync(
            new CheckpointRecord(current.Sequence, current.EntryHash, now, _key.Label, payload, signature, stored.Key.Value), cancellationToken);
        _lastCheckpointAt = now;
        if (inserted)
        {
            LogCheckpoint(current.Sequence, stored.Key.Value);
        }

        return inserted ? current.Sequence : null;
    }

    [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "Ledger checkpoint at sequence {Sequence} signed and archived as {ObjectKey}")]
    private partial void LogCheckpoint(long sequence, string objectKey);
}
