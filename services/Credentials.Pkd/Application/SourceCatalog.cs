using Credentials.Pkd.Options;
using Microsoft.Extensions.Options;

namespace Credentials.Pkd.Application;

/// <summary>The configured sources (validated at start-up by <see cref="PkdOptionsValidator"/>), ordered by id.</summary>
internal sealed class SourceCatalog
{
    private readonly Dictionary<string, PkdSource> _sources;

    public SourceCatalog(IOptions<PkdOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _sources = new Dictionary<string, PkdSource>(StringComparer.Ordinal);
        foreach (var source in options.Value.Sources)
        {
            SyncSchedule? schedule = null;
            if (!string.IsNullOrWhiteSpace(source.Schedule) && !SyncSchedule.TryParse(source.Schedule, out schedule, out _))
            {
                schedule = null;
            }

            _sources[source.Name] = new PkdSource(source, schedule, TrustPolicy.Load(source.TrustedMasterListSigners, AppContext.BaseDirectory));
        }

        All = _sources.Values.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every source, ordered by id.</summary>
    public IReadOnlyList<PkdSource> All { get; }

    /// <summary>The source, or null.</summary>
    public PkdSource? Find(string id) => _sources.GetValueOrDefault(id);
}
