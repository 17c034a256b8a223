using System.Runtime.CompilerServices;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Pkd.V1;
using Credentials.Pkd.Options;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;

namespace Credentials.Pkd.Application;

/// <summary>
/// WatchUpdates: the change log (written in the same transaction as each change) from a sequence number on, then live
/// by polling every <see cref="PkdOptions.WatchPollInterval"/>.
/// </summary>
internal sealed class WatchUpdatesHandler
{
    private const int BatchSize = 500;

    private readonly IChangeFeed _changes;
    private readonly ICertificateStore _certificates;
    private readonly ICrlStore _crls;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _pollInterval;

    public WatchUpdatesHandler(IChangeFeed changes, ICertificateStore certificates, ICrlStore crls, TimeProvider timeProvider, IOptions<PkdOptions> options)
    {
        _changes = changes;
        _certificates = certificates;
        _crls = crls;
        _timeProvider = timeProvider;
        _pollInterval = options.Value.WatchPollInterval;
    }

    /// <summary>Checks the start position and returns it (throws WATCH_SEQUENCE_EXPIRED before the stream starts).</summary>
    public async Task<long> ResolveStartAsync(WatchUpdatesRequest request, CancellationToken cancellationToken)
    {
        var max = await _changes.GetMaxSequenceAsync(cancellationToken);
        if (request.AfterSequence == 0)
        {
            return max;
        }

        return request.AfterSequence > max ? throw PkdErrors.WatchSequenceExpired(request.AfterSequence, max) : request.AfterSequence;
    }

    public async IAsyncEnumerable<WatchUpdatesResponse> StreamAsync(WatchUpdatesRequest request, long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var countries = request.Countries.ToHashSet(StringComparer.Ordinal);
        var kinds = request.Kinds.Where(k => k != CertificateKind.Unspecified).ToHashSet();
        while (!cancellationToken.IsCancellationRequested)
        {
            var changes = await _changes.GetChangesAsync(after, BatchSize, cancellationToken);
            foreach (var change in changes)
            {
                after = change.Sequence;
                if (countries.Count > 0 && !countries.Contains(change.Country))
                {
                    continue;
                }

                var isCertificate = change.ItemKind == (int)ItemKind.Certificate;
                if (isCertificate && kinds.Count > 0 && !kinds.Contains(change.CertificateKind))
                {
                    continue;
                }

                var response = new WatchUpdatesResponse
                {
                    Sequence = change.Sequence,
                    ChangeType = change.ChangeType,
                    ChangedAt = Timestamp.FromDateTimeOffset(change.ChangedAt),
                    SourceId = change.SourceId,
                };
                if (isCertificate)
                {
                    var der = await _certificates.GetDerAsync(change.Fingerprint, cancellationToken);
                    if (der is null)
                    {
                        continue;
                    }

                    response.Certificate = ContractMapping.Summarize(der, change.Fingerprint, change.CertificateKind, _timeProvider.GetUtcNow());
                }
                else
                {
                    var der = await _crls.GetDerAsync(change.Fingerprint, cancellationToken);
                    if (der is null)
                    {
                        continue;
                    }

                    response.Crl = ContractMapping.SummarizeCrl(der, change.Fingerprint);
                }

                yield return response;
            }

            if (changes.Count < BatchSize)
            {
                await Task.Delay(_pollInterval, _timeProvider, cancellationToken);
            }
        }
    }
}
