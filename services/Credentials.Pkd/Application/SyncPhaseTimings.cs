using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Credentials.Pkd.Application;

/// <summary>
/// Where one artifact's sync spends its time, per <see cref="SyncPhase"/> (issue 18 item 5: the figures the PKD sync
/// benchmark prints). Sequential steps add wall time; the verification workers add their thread time, so Decode and
/// Verify may exceed the artifact's wall time on several cores. Safe for concurrent callers.
/// </summary>
internal sealed class SyncPhaseTimings
{
    private readonly long[] _ticks = new long[Enum.GetValues<SyncPhase>().Length];

    /// <summary>A start mark for <see cref="Add"/>.</summary>
    public static long Start() => Stopwatch.GetTimestamp();

    /// <summary>Adds the time elapsed since <paramref name="startTimestamp"/> to <paramref name="phase"/>.</summary>
    public void Add(SyncPhase phase, long startTimestamp) =>
        Interlocked.Add(ref _ticks[(int)phase], Stopwatch.GetTimestamp() - startTimestamp);

    /// <summary>The time accumulated for <paramref name="phase"/>.</summary>
    public TimeSpan Of(SyncPhase phase) => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks[(int)phase]));

    /// <summary>Every phase as <c>name=milliseconds</c>, in <see cref="SyncPhase"/> order (one log field).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var phase in Enum.GetValues<SyncPhase>())
        {
            text.Append(text.Length == 0 ? string.Empty : " ")
                .Append(phase.ToString())
                .Append('=')
                .Append(Of(phase).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
