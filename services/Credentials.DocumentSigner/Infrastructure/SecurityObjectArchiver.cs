using Credentials.DocumentSigner.Options;
using Credentials.Storage;
using Microsoft.Extensions.Options;

namespace Credentials.DocumentSigner.Infrastructure;

/// <summary>
/// Copies signed EF.SOD bytes from their issuance rows to S3 under their content address and stamps the rows archived.
/// SignSecurityObject commits the bytes in the issuance row (with the outbox row), so the object store is off the
/// signing path. Idempotent: rows are claimed with <c>FOR UPDATE SKIP LOCKED</c> (instances never share a row), the key
/// is the SHA-256 of the bytes (STYLE.md rule 14: writing twice is harmless), and a crash between the PUT and the commit
/// only repeats the PUT. Each SOD is one PUT (<see cref="IObjectStore.WriteAsync"/>): the row, not a look-up in S3, says
/// whether it is archived, and nothing here needs the version id (a HEAD before and after each PUT tripled the object
/// store's work per SOD).
/// </summary>
internal sealed partial class SecurityObjectArchiver
{
    private readonly DocumentSignerRepository _repository;
    private readonly IObjectStore _objects;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SecurityObjectArchiver> _logger;
    private readonly int _batchSize;
    private readonly int _concurrency;

    public SecurityObjectArchiver(
        DocumentSignerRepository repository,
        IObjectStore objects,
        IOptions<DocumentSignerOptions> options,
        TimeProvider timeProvider,
        ILogger<SecurityObjectArchiver> logger)
    {
        _repository = repository;
        _objects = objects;
        _timeProvider = timeProvider;
        _logger = logger;
        _batchSize = options.Value.ArchiveBatchSize;
        _concurrency = options.Value.ArchiveConcurrency;
    }

    /// <summary>Archives one batch of unarchived issuances; returns how many were archived (0 = the queue is empty).</summary>
    public async Task<int> ArchiveBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _repository.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var claimed = await DocumentSignerRepository.ClaimUnarchivedAsync(connection, transaction, _batchSize, cancellationToken);
        if (claimed.Count == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return 0;
        }

        await Parallel.ForEachAsync(
            claimed,
            new ParallelOptions { MaxDegreeOfParallelism = _concurrency, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                var content = new ObjectContent(item.SecurityObject, "application/octet-stream");
                if (!string.Equals(content.Key.Value, item.ObjectKey, StringComparison.Ordinal))
                {
                    // The row's bytes and its content address disagree: never archive them under a wrong key.
                    throw new InvalidOperationException($"Issuance {item.CredentialId}: the stored EF.SOD does not hash to its object key.");
                }

                await _objects.WriteAsync(content, ct);
            });

        await DocumentSignerRepository.MarkArchivedAsync(connection, transaction, claimed.Select(c => c.CredentialId).ToArray(), _timeProvider.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogArchived(_logger, claimed.Count);
        return claimed.Count;
    }

    /// <summary>Archives batches until the queue is empty; returns the total archived.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        int archived;
        do
        {
            archived = await ArchiveBatchAsync(cancellationToken);
            total += archived;
        }
        while (archived > 0);

        return total;
    }

    [LoggerMessage(EventId = 2051, Level = LogLevel.Debug, Message = "Archived {Count} EF.SOD objects to the object store")]
    private static partial void LogArchived(ILogger logger, int count);
}
