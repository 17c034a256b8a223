using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Core;
using Microsoft.Extensions.Logging;

namespace Credentials.TrustAnchor.Application;

/// <summary>
/// RemoveTrustAnchor: the explicit admin action that takes a CSCA or link certificate out of verification, whatever
/// its provenance (pkd source, manual import, our own csca). A PKD source that stops listing a certificate only marks it
/// unlisted (<see cref="AnchorListingChecks"/>). The row is kept with who removed it and why; the store version is
/// bumped so every replica reloads.
/// </summary>
internal sealed partial class RemoveTrustAnchorHandler
{
    private readonly ITrustStore _store;
    private readonly TrustSnapshotProvider _snapshots;
    private readonly ITrustMaterialCache _cache;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RemoveTrustAnchorHandler> _logger;

    public RemoveTrustAnchorHandler(
        ITrustStore store, TrustSnapshotProvider snapshots, ITrustMaterialCache cache, TimeProvider timeProvider, ILogger<RemoveTrustAnchorHandler> logger)
    {
        _store = store;
        _snapshots = snapshots;
        _cache = cache;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task<RemoveTrustAnchorResponse> HandleAsync(RemoveTrustAnchorRequest request, string caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _timeProvider.GetUtcNow();
        var removedBy = $"{caller} request {request.RequestId}: {request.Reason}";
        if (await _store.RemoveAnchorAsync(request.FingerprintSha256, removedBy, now, cancellationToken) is not { } removal)
        {
            // Already removed (a retry): nothing to do. Never stored (or not a CSCA/link): NOT_FOUND.
            return await _store.GetRemovedAnchorSourceAsync(request.FingerprintSha256, cancellationToken) is { } previous
                ? new RemoveTrustAnchorResponse { Removed = false, Source = previous }
                : throw new CredentialsException(ErrorKind.NotFound, "CERTIFICATE_NOT_FOUND", $"No CSCA or link certificate {request.FingerprintSha256} is stored.");
        }

        var (source, version) = (removal.Source, removal.Version);
        LogRemoved(request.FingerprintSha256, source, caller, request.RequestId, version);
        await _cache.PublishVersionAsync(version, cancellationToken);
        await _snapshots.EnsureVersionAsync(version, cancellationToken);
        return new RemoveTrustAnchorResponse { Removed = true, Source = source };
    }

    [LoggerMessage(EventId = 7402, Level = LogLevel.Warning,
        Message = "Trust anchor {Fingerprint} (source {Source}) removed from verification by {Caller} (request {RequestId}); store version {Version}")]
    private partial void LogRemoved(string fingerprint, string source, string caller, string requestId, long version);
}
