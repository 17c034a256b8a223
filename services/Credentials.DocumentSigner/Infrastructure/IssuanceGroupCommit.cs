using System.Security.Cryptography;
using System.Threading.Channels;
using Credentials.Core;
using Credentials.DocumentSigner.Application;
using Credentials.DocumentSigner.Options;
using Credentials.Outbox;
using Credentials.SignerKeys;
using Microsoft.Extensions.Options;

namespace Credentials.DocumentSigner.Infrastructure;

/// <summary>
/// Group commit of SignSecurityObject: the signings that arrive while earlier ones are being written share one
/// transaction. Per group, one round trip takes every request_id's advisory lock (in lock-key order, so two groups
/// never wait on each other in a cycle) and reads the issuances already stored under them; the HSM signs the rest
/// (<see cref="SecurityObjectSigning"/>); one statement inserts their issuance rows and one their <c>credential.issued</c> outbox rows, sent
/// together in one round trip; one commit. The
/// idempotency contract is that of a single signing: a request_id is locked from the look-up to the commit, so a
/// retry or a concurrent duplicate finds the stored issuance and the HSM signs once. A caller learns its outcome only
/// after the commit. Nothing is delayed to fill a group: a worker takes what is queued when it is free, so under a
/// light load every group holds one signing.
/// </summary>
internal sealed partial class IssuanceGroupCommit : BackgroundService, IIssuanceQueue
{
    private readonly Channel<PendingSigning> _queue = Channel.CreateUnbounded<PendingSigning>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly DocumentSignerRepository _repository;
    private readonly SecurityObjectSigning _signing;
    private readonly DocumentSignerEventWriter _events;
    private readonly DocumentSignerMetrics _metrics;
    private readonly ILogger<IssuanceGroupCommit> _logger;
    private readonly int _workers;
    private readonly int _maxGroupSize;
    private readonly int _maxQueued;
    private int _queued;

    public IssuanceGroupCommit(
        IOptions<DocumentSignerOptions> options,
        DocumentSignerRepository repository,
        SecurityObjectSigning signing,
        DocumentSignerEventWriter events,
        DocumentSignerMetrics metrics,
        ILogger<IssuanceGroupCommit> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _repository = repository;
        _signing = signing;
        _events = events;
        _metrics = metrics;
        _metrics.ObserveQueue(() => Volatile.Read(ref _queued));
        _logger = logger;
        _workers = options.Value.SigningGroupWorkers;
        _maxGroupSize = options.Value.MaxSigningGroupSize;
        _maxQueued = options.Value.MaxQueuedSignings;
    }

    /// <summary>Queues <paramref name="signing"/> for the next free group and waits for its outcome.</summary>
    public Task<SigningOutcome> SubmitAsync(PendingSigning signing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signing);
        if (Interlocked.Increment(ref _queued) > _maxQueued)
        {
            Interlocked.Decrement(ref _queued);
            throw new CredentialsException(ErrorKind.ResourceExhausted, "SERVER_BUSY", $"More than {_maxQueued} signings are waiting; retry.")
            {
                RetryAfter = TimeSpan.FromSeconds(1),
            };
        }

        if (!_queue.Writer.TryWrite(signing))
        {
            Interlocked.Decrement(ref _queued);
            throw new CredentialsException(ErrorKind.Unavailable, "SHUTTING_DOWN", "The service is stopping; retry on another instance.")
            {
                RetryAfter = TimeSpan.FromSeconds(1),
            };
        }

        // A caller that gives up stops waiting; its signing, once in a group, still commits (a retry then replays it).
        return signing.Completion.Task.WaitAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // No new signings; the workers finish what is queued (the gRPC server has stopped taking calls by now).
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, _workers).Select(_ => Task.Run(RunWorkerAsync, CancellationToken.None)));

    private async Task RunWorkerAsync()
    {
        var group = new List<PendingSigning>(_maxGroupSize);
        var carried = new List<PendingSigning>();
        var requestIds = new HashSet<string>(StringComparer.Ordinal);
        while (carried.Count > 0 || await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            group.Clear();
            requestIds.Clear();
            var next = new List<PendingSigning>();
            foreach (var signing in carried)
            {
                Add(signing, next);
            }

            carried = next;
            while (group.Count < _maxGroupSize && _queue.Reader.TryRead(out var signing))
            {
                Interlocked.Decrement(ref _queued);
                Add(signing, carried);
            }

            if (group.Count > 0)
            {
                await CommitAsync(group);
            }
        }

        void Add(PendingSigning signing, List<PendingSigning> later)
        {
            if (signing.CallerCancellation.IsCancellationRequested)
            {
                // Never locked, never signed: the caller has gone and nothing happened.
                signing.Completion.TrySetCanceled(signing.CallerCancellation);
            }
            else if (group.Count < _maxGroupSize && requestIds.Add(signing.Request.RequestId))
            {
                group.Add(signing);
            }
            else
            {
                // A duplicate of a request_id in this group waits for the next one, where it finds the stored issuance.
                later.Add(signing);
            }
        }
    }

    private async Task CommitAsync(List<PendingSigning> group)
    {
        var cancellationToken = CancellationToken.None;
        var written = new List<(PendingSigning Signing, IssuanceRecord Issuance, SignerKeyRecord Key)>(group.Count);
        try
        {
            await using var connection = await _repository.DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var stored = await DocumentSignerRepository.LockAndFindIssuancesAsync(
                connection, transaction, group.Select(s => s.Request.RequestId).ToArray(), cancellationToken);

            var signings = new List<Task<(IssuanceRecord, SignerKeyRecord)>>(group.Count);
            var signed = new List<PendingSigning>(group.Count);
            foreach (var signing in group)
            {
                if (stored.TryGetValue(signing.Request.RequestId, out var existing))
                {
                    // Committed earlier: the lock is held, so the row is final. Replay it (or refuse a different request).
                    if (CryptographicOperations.FixedTimeEquals(existing.RequestHash, signing.Fingerprint))
                    {
                        signing.Completion.TrySetResult(new SigningOutcome(existing, null, Replayed: true));
                    }
                    else
                    {
                        signing.Completion.TrySetException(DocumentSignerErrors.RequestIdConflict());
                    }

                    continue;
                }

                signed.Add(signing);
                signings.Add(_signing.SignAsync(signing, cancellationToken));
            }

            try
            {
                await Task.WhenAll(signings);
            }
            catch (Exception)
            {
                // Each signing's own failure goes to its caller below; the others are still written.
            }

            var messages = new List<OutboxMessage>(signed.Count);
            for (var i = 0; i < signed.Count; i++)
            {
                if (!signings[i].IsCompletedSuccessfully)
                {
                    // Faulted, or cancelled from inside (a timeout): that caller alone gets the failure.
                    signed[i].Completion.TrySetException(signings[i].Exception?.InnerException ?? new OperationCanceledException("The signing was cancelled."));
                    continue;
                }

                var (issuance, key) = signings[i].Result;
                written.Add((signed[i], issuance, key));
                messages.Add(_events.PrepareCredentialIssued(_signing.Event(issuance, key, signed[i].DocumentNumberHash), signed[i].Trace));
            }

            if (written.Count > 0)
            {
                // The issuance rows and their outbox rows in one round trip.
                await DocumentSignerRepository.InsertIssuancesAsync(
                    connection, transaction, written.Select(w => w.Issuance).ToArray(), _events.CreateWriteManyCommand(messages), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            // Nothing of the group was committed: every caller still waiting gets the failure and may retry.
            LogGroupFailed(_logger, group.Count, exception);
            foreach (var signing in group)
            {
                signing.Completion.TrySetException(exception);
            }

            return;
        }

        _metrics.GroupCommitted(group.Count);
        foreach (var (signing, issuance, key) in written)
        {
            _metrics.Signed(issuance.DocumentType);
            signing.Completion.TrySetResult(new SigningOutcome(issuance, key, Replayed: false));
        }

        LogGroupCommitted(_logger, group.Count, written.Count);
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Debug, Message = "Signing group of {Size} committed ({Signed} newly signed)")]
    private static partial void LogGroupCommitted(ILogger logger, int size, int signed);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Signing group of {Size} was not committed; its callers get the error and may retry")]
    private static partial void LogGroupFailed(ILogger logger, int size, Exception exception);
}
