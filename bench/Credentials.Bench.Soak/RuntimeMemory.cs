using System.Globalization;
using Credentials.Grpc;

namespace Credentials.Bench.Soak;

/// <summary>
/// The managed side of a service's memory, from its Prometheus endpoint (<c>/metrics</c>, the runtime's
/// <c>System.Runtime</c> meter): the GC heap after the last collection, the memory the GC has committed, and the
/// number of full (gen2) collections so far. Set against RSS, it tells a managed heap that has not yet been
/// collected from native growth.
/// </summary>
internal sealed class RuntimeMemory : IDisposable
{
    private readonly HttpClient _http;
    private readonly IReadOnlyDictionary<string, Uri> _endpoints;

    public RuntimeMemory(ClientTlsMaterial tls, IReadOnlyDictionary<string, string> endpoints)
    {
#pragma warning disable CA2000 // The HttpClient owns and disposes the handler.
        _http = new HttpClient(MutualTlsChannel.CreateHandler(tls), disposeHandler: true)
#pragma warning restore CA2000
        {
            DefaultRequestVersion = System.Net.HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(5),
        };
        _endpoints = endpoints.ToDictionary(
            p => p.Key,
            p => new Uri((p.Value.StartsWith("https://", StringComparison.Ordinal) ? p.Value : "https://" + p.Value) + "/metrics"),
            StringComparer.Ordinal);
    }

    public async Task<Dictionary<string, Snapshot>> SampleAsync(CancellationToken cancellationToken)
    {
        var tasks = _endpoints.ToDictionary(p => p.Key, p => ScrapeAsync(p.Value, cancellationToken), StringComparer.Ordinal);
        await Task.WhenAll(tasks.Values);
        return tasks.Where(p => p.Value.Result is not null).ToDictionary(p => p.Key, p => p.Value.Result!.Value, StringComparer.Ordinal);
    }

    public void Dispose() => _http.Dispose();

    private async Task<Snapshot?> ScrapeAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            var text = await _http.GetStringAsync(uri, cancellationToken);
            long heap = 0, committed = 0, fullCollections = 0;
            foreach (var line in text.Split('\n'))
            {
                if (line.StartsWith("dotnet_gc_last_collection_heap_size_bytes{", StringComparison.Ordinal))
                {
                    heap += Value(line);
                }
                else if (line.StartsWith("dotnet_gc_last_collection_memory_committed_size_bytes{", StringComparison.Ordinal))
                {
                    committed = Value(line);
                }
                else if (line.StartsWith("dotnet_gc_collections_total{", StringComparison.Ordinal) && line.Contains("gc_heap_generation=\"gen2\"", StringComparison.Ordinal))
                {
                    fullCollections = Value(line);
                }
            }

            return new Snapshot(heap, committed, fullCollections);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static long Value(string line)
    {
        var value = line[(line.LastIndexOf(' ') + 1)..].Trim();
        return (long)double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Bytes of managed heap after the last GC, bytes the GC has committed, gen2 collections so far.</summary>
    internal readonly record struct Snapshot(long HeapBytes, long CommittedBytes, long FullCollections);
}
