using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Events.V1;

namespace Credentials.Dtc.Application;

/// <summary>
/// Where issued DTCs and their revocations are kept, with their outbox events (PostgreSQL schema <c>dtc</c> in
/// production: Infrastructure's <c>DtcRepository</c>). A write and its event commit together or not at all.
/// </summary>
internal interface IDtcStore
{
    Task<DtcRecord?> FindByRequestIdAsync(string requestId, CancellationToken cancellationToken);

    Task<DtcRecord?> FindByIdAsync(Guid dtcId, CancellationToken cancellationToken);

    /// <summary>The most recently issued DTC with this content hash (the same bytes issued twice share one status view).</summary>
    Task<DtcRecord?> FindByContentHashAsync(string contentInfoSha256, CancellationToken cancellationToken);

    /// <summary>
    /// Under a lock on the request_id: the DTC already stored under it, if any (nothing is written); otherwise
    /// <paramref name="record"/> and its <c>dtc.issued</c> event are written in one transaction and null is returned.
    /// </summary>
    Task<DtcRecord?> InsertIssuedAsync(DtcRecord record, DtcIssued issued, CancellationToken cancellationToken);

    /// <summary>
    /// Under a lock on the request_id and on the DTC's row: <paramref name="decide"/> gets the dtc_id an earlier
    /// RevokeDtc with this request_id revoked (or null) and the DTC (or null), and returns the <c>dtc.revoked</c> event
    /// to write with the revocation, or null to change nothing (it throws to refuse; nothing is written then). Returns
    /// the DTC as it is afterwards and whether it was revoked now.
    /// </summary>
    Task<(DtcRecord Dtc, bool Revoked)> RevokeAsync(
        string requestId, Guid dtcId, DtcRevocationReason reason, DateTimeOffset at, string caller, Func<Guid?, DtcRecord?, DtcRevoked?> decide, CancellationToken cancellationToken);
}
