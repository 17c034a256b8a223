using System.Collections.Concurrent;
using System.Diagnostics;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.IntegrationTests.DocumentSigner;
using Grpc.Core;

namespace Credentials.IntegrationTests.Faults;

/// <summary>
/// Closed-loop signing load on document-signer: <c>workers</c> callers each send SignSecurityObject, and retry a
/// failed request with the same <c>request_id</c> (the RPC is idempotent on it) until it succeeds, as a real
/// issuing client would. Counts every attempt, success and failure (retryable or not) and remembers which
/// credential each request got, so that a retried request answered twice with different credentials is caught.
/// </summary>
internal sealed class SigningLoad : IAsyncDisposable
{
    /// <summary>Statuses a client may retry: the service or a dependency is briefly away, or asks to back off.</summary>
    public static readonly IReadOnlySet<StatusCode> Retryable = new HashSet<StatusCode>
    {
        StatusCode.Unavailable, StatusCode.DeadlineExceeded, StatusCode.ResourceExhausted, StatusCode.Aborted,
    };

    private static readonly TimeSpan AttemptDeadline = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Backoff = TimeSpan.FromMilliseconds(200);

    private readonly DocumentSignerService.DocumentSignerServiceClient _client;
    private readonly string _documentType;
    private readonly int _workers;
    private readonly TimeSpan _giveUpAfter;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, string> _credentialByRequest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failuresByKind = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(long Started, long Finished)> _successes = new();
    private readonly List<Task> _tasks = [];
    private int _indexBase;
    private long _sent;
    private long _succeeded;
    private long _failedRetryable;
    private long _failedOther;
    private long _inconsistent;
    private long _abandoned;

    public SigningLoad(DocumentSignerService.DocumentSignerServiceClient client, string documentType, int workers, int indexBase, TimeSpan giveUpAfter)
    {
        _client = client;
        _documentType = documentType;
        _workers = workers;
        _indexBase = indexBase;
        _giveUpAfter = giveUpAfter;
    }

    public long Sent => Interlocked.Read(ref _sent);

    public long Succeeded => Interlocked.Read(ref _succeeded);

    public long FailedRetryable => Interlocked.Read(ref _failedRetryable);

    public long FailedOther => Interlocked.Read(ref _failedOther);

    /// <summary>Requests answered with two different credentials over their retries (must stay 0).</summary>
    public long Inconsistent => Interlocked.Read(ref _inconsistent);

    /// <summary>Requests still failing when their retry budget ran out.</summary>
    public long Abandoned => Interlocked.Read(ref _abandoned);

    /// <summary>Credential ids the load was given, by request id.</summary>
    public IReadOnlyDictionary<string, string> Credentials => _credentialByRequest;

    /// <summary>Failures by "StatusCode reason", e.g. "Unavailable DEPENDENCY_UNAVAILABLE".</summary>
    public IReadOnlyDictionary<string, int> FailuresByKind => _failuresByKind;

    public void Start(CancellationToken cancellationToken)
    {
        for (var i = 0; i < _workers; i++)
        {
            _tasks.Add(Task.Run(() => WorkAsync(cancellationToken), cancellationToken));
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> requests succeeded.</summary>
    public async Task WaitForSuccessesAsync(long count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (Succeeded < count)
        {
            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"the signing load got {Succeeded} of {count} successes in {timeout}; failures: {Describe(FailuresByKind)}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>
    /// Waits for the first success of an attempt that started after <paramref name="timestamp"/> (a
    /// <see cref="Stopwatch"/> timestamp) and returns the time from <paramref name="timestamp"/> until that success.
    /// </summary>
    public async Task<TimeSpan> WaitForSuccessAfterAsync(long timestamp, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.GetTimestamp();
        while (true)
        {
            var first = _successes.Where(s => s.Started > timestamp).Select(s => s.Finished).DefaultIfEmpty(long.MaxValue).Min();
            if (first != long.MaxValue)
            {
                return Stopwatch.GetElapsedTime(timestamp, first);
            }

            if (Stopwatch.GetElapsedTime(waited) > timeout)
            {
                throw new TimeoutException($"no signing request started after the fault succeeded within {timeout}; failures: {Describe(FailuresByKind)}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Stops starting new requests and waits until every started one succeeded or gave up.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_tasks);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    public static string Describe(IReadOnlyDictionary<string, int> failures) =>
        failures.Count == 0 ? "none" : string.Join(", ", failures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} ×{f.Value}"));

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (!_stop.IsCancellationRequested)
        {
            var request = DocumentSignerClientFixture.SignRequest(_documentType, Interlocked.Increment(ref _indexBase), out _);
            var firstAttempt = Stopwatch.GetTimestamp();
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var attempt = Stopwatch.GetTimestamp();
                Interlocked.Increment(ref _sent);
                try
                {
                    var response = await _client.SignSecurityObjectAsync(
                        request, deadline: DateTime.UtcNow.Add(AttemptDeadline), cancellationToken: cancellationToken);
                    Record(request.RequestId, response.Issuance.CredentialId, attempt);
                    break;
                }
                catch (RpcException exception)
                {
                    var retryable = Retryable.Contains(exception.StatusCode);

                    // A failure a client must not retry is reported with its detail (the services run in Development).
                    var kind = retryable ? $"{exception.StatusCode} {ReasonOf(exception)}" : $"{exception.StatusCode} {ReasonOf(exception)} \"{exception.Status.Detail}\"";
                    _failuresByKind.AddOrUpdate(kind.TrimEnd(), 1, (_, n) => n + 1);
                    Interlocked.Increment(ref retryable ? ref _failedRetryable : ref _failedOther);
                }

                if (Stopwatch.GetElapsedTime(firstAttempt) > _giveUpAfter)
                {
                    Interlocked.Increment(ref _abandoned);
                    break;
                }

                await Task.Delay(Backoff, cancellationToken);
            }
        }
    }

    private void Record(string requestId, string credentialId, long attemptStart)
    {
        var stored = _credentialByRequest.GetOrAdd(requestId, credentialId);
        if (!string.Equals(stored, credentialId, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _inconsistent);
        }

        Interlocked.Increment(ref _succeeded);
        _successes.Enqueue((attemptStart, Stopwatch.GetTimestamp()));
    }

    /// <summary>The ErrorInfo reason of a rich status, or empty.</summary>
    private static string ReasonOf(RpcException exception)
    {
        var info = exception.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>();
        return info?.Reason ?? string.Empty;
    }
}
