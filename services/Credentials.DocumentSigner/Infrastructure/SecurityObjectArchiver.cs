using Credentials.DocumentSigner.Application;
using Credentials.DocumentSigner.Options;
using Credentials.Storage;
using Microsoft.Extensions.Options;

namespace Credentials.DocumentSigner.Infrastructure;

/// <summary>
/// Copies signed EF.SOD bytes from their issuance rows to S3 and stamps the rows archived. SignSecurityObject commits the
/// bytes in the issuance row (with the outbox row), so the object store is off the signing path. Each pass claims up to
/// <see cref="DocumentSignerOptions.ArchiveBatchSize"/> rows and writes them as one <see cref="SecurityObjectBundle"/>
/// (one PUT under the bundle's content address), then records each row's offset and length in it. One PUT per EF.SOD cost
/// the object store about a millisecond of CPU per signing and could not keep up with it (404 EF.SOD/s against moto).
/// The issuance rows are never updated: a pass deletes their <c>archive_queue</c> rows and inserts their
/// <c>archive_entries</c> rows. Idempotent: queue rows are claimed with <c>FOR UPDATE SKIP LOCKED</c> (instances never
/// share a row), a bundle's key is the SHA-256 of its bytes (STYLE.md rule 14), and a crash between the PUT and the
/// commit puts the queue rows back: the next pass bundles them again, and the earlier bundle is an unreferenced object,
/// never a wrong one.
/// </summary>
internal sealed partial class SecurityObjectArchiver
{
    private readonly DocumentSignerRepository _repository;
    private readonly IObjectStore _objects;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SecurityObjectArchiver> _logger;
    private readonly int _batchSize;

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
    }

    /// <summary>Archives one batch of unarchived issuances as one bundle; returns how many were archived (0 = the queue is empty).</summary>
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

        var ids = new Guid[claimed.Count];
        var sods = new byte[claimed.Count][];
        var lengths = new int[claimed.Count];
        for (var i = 0; i < claimed.Count; i++)
        {
            var (credentialId, objectKey, sod) = claimed[i];
            if (!string.Equals(ObjectKey.FromContent(sod).Value, objectKey, StringComparison.Ordinal))
            {
                // The row's bytes and its content address disagree: never archive them as that EF.SOD.
                throw new InvalidOperationException($"Issuance {credentialId}: the stored EF.SOD does not hash to its object key.");
            }

            ids[i] = credentialId;
            sods[i] = sod;
            lengths[i] = sod.Length;
        }

        var (bundle, offsets) = SecurityObjectBundle.Build(sods);
        var content = new ObjectContent(bundle, "application/octet-stream");
        await _objects.WriteAsync(content, cancellationToken);
        var bundleKey = content.Key.Value;
        await DocumentSignerRepository.MarkArchivedAsync(connection, transaction, bundleKey, ids, offsets, lengths, _timeProvider.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogArchived(_logger, claimed.Count, bundleKey, bundle.Length);
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

    [LoggerMessage(EventId = 2051, Level = LogLevel.Debug, Message = "Archived {Count} EF.SOD objects to the object store as bundle {BundleKey} ({Bytes} bytes)")]
    private static partial void LogArchived(ILogger logger, int count, string bundleKey, int bytes);
}
