using Credentials.Pkd.Options;

namespace Credentials.Pkd.Application;

/// <summary>A configured source with its parsed schedule and loaded trust policy.</summary>
internal sealed record PkdSource(PkdSourceOptions Options, SyncSchedule? Schedule, TrustPolicy Trust)
{
    public string Id => Options.Name;
}
