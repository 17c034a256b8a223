using Credentials.Icao9303.X509;
using Credentials.Contracts.TrustAnchor.V1;
using Google.Protobuf.WellKnownTypes;

namespace Credentials.TrustAnchor.Application;

/// <summary>
/// GetTrustStoreStatus: the snapshot this replica verifies with — its store version, when it was built, and what it
/// holds (anchors by kind and country, CRLs, Document Signer certificates, unlisted anchors, revocation notices). Loads
/// the first snapshot when none is loaded yet, like a verification would.
/// </summary>
internal sealed class GetTrustStoreStatusHandler
{
    private readonly TrustSnapshotProvider _snapshots;

    public GetTrustStoreStatusHandler(TrustSnapshotProvider snapshots) => _snapshots = snapshots;

    public async Task<GetTrustStoreStatusResponse> HandleAsync(GetTrustStoreStatusRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = await _snapshots.GetAsync(cancellationToken);
        var (cscas, links, countries) = snapshot.Anchors.Composition;
        return new GetTrustStoreStatusResponse
        {
            StoreVersion = snapshot.Version,
            SnapshotBuiltAt = Timestamp.FromDateTimeOffset(snapshot.BuiltAt),
            AnchorCount = snapshot.Store.Anchors.Count,
            CscaCount = cscas,
            LinkCount = links,
            CountryCount = countries,
            CrlCount = snapshot.Crls.Count,
            DocumentSignerCount = snapshot.DocumentSigners.Count(c => !CertificateRoleRule.NamesSealSignerEku(c)),
            UnlistedAnchorCount = snapshot.UnlistedFingerprints.Count,
            RevocationNoticeCount = snapshot.RevokedFingerprints.Count,
            SkippedCount = snapshot.SkippedCount,
        };
    }
}
