using Credentials.Contracts.Pkd.V1;
using Credentials.Pkd.Options;
using Google.Protobuf.WellKnownTypes;

namespace Credentials.Pkd.Application;

/// <summary>Sync runs and sources as contract messages.</summary>
internal static class RunMapping
{
    public static SyncRun ToContract(SyncRunRecord run) => new()
    {
        RunId = run.RunId.ToString("D"),
        SourceId = run.SourceId,
        State = run.State,
        OnDemand = run.OnDemand,
        StartedAt = run.StartedAt is { } started ? Timestamp.FromDateTimeOffset(started) : null,
        FinishedAt = run.FinishedAt is { } finished ? Timestamp.FromDateTimeOffset(finished) : null,
        Counts = new SyncCounts
        {
            CertificatesAdded = run.Counts.CertificatesAdded,
            CertificatesRemoved = run.Counts.CertificatesRemoved,
            CertificatesUnchanged = run.Counts.CertificatesUnchanged,
            CrlsAdded = run.Counts.CrlsAdded,
            MasterListsProcessed = run.Counts.MasterListsProcessed,
            ItemsRejected = run.Counts.ItemsRejected,
            LintFindings = run.Counts.LintFindings,
        },
        ErrorReason = run.ErrorReason ?? string.Empty,
        ErrorDetail = run.ErrorDetail ?? string.Empty,
    };

    public static Source ToContract(PkdSource source)
    {
        var options = source.Options;
        var contract = new Source
        {
            SourceId = source.Id,
            LocationType = options.Kind switch
            {
                PkdSourceKind.Directory => SourceLocationType.Directory,
                PkdSourceKind.Https => SourceLocationType.Https,
                _ => SourceLocationType.S3,
            },
            Format = options.Type == PkdSourceType.MasterList ? SourceFormat.MasterList
                : options.Type == PkdSourceType.IcaoPkdLdif ? SourceFormat.IcaoPkdLdif
                : SourceFormat.Unspecified,
            Location = options.Kind switch
            {
                PkdSourceKind.Https => new Uri(options.Location).GetLeftPart(UriPartial.Path),
                PkdSourceKind.S3 => "s3://" + options.Location.Trim('/'),
                _ => options.Location,
            },
            Schedule = source.Schedule?.Text ?? string.Empty,
            Enabled = options.Enabled,
        };
        contract.PinnedFingerprints.AddRange(source.Trust.Fingerprints.Order(StringComparer.Ordinal));
        return contract;
    }
}
