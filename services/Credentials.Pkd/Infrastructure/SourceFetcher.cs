using Credentials.Pkd.Application;
using Credentials.Pkd.Options;
using Credentials.Storage.S3;
using Microsoft.Extensions.Options;
using Minio;
using Minio.DataModel.Args;

namespace Credentials.Pkd.Infrastructure;

/// <summary>
/// Lists and reads the artifacts of a source: every regular file below a directory (recursively, ordinal order of the
/// relative path), the body of one HTTPS URL, or every object under an S3 bucket/prefix of the configured endpoint
/// (the credentials of section <c>S3</c>). Artifacts larger than <see cref="PkdOptions.MaxArtifactBytes"/> are refused.
/// </summary>
internal sealed class SourceFetcher : IArtifactSource, IDisposable
{
    public const string HttpClientName = "pkd-sources";

    private readonly IHttpClientFactory _httpClients;
    private readonly PkdOptions _options;
    private readonly Lazy<IMinioClient> _minio;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<HttpClient>> _pinnedClients = new(StringComparer.Ordinal);

    public SourceFetcher(IHttpClientFactory httpClients, IOptions<PkdOptions> options, IOptions<S3StorageOptions> s3)
    {
        _httpClients = httpClients;
        _options = options.Value;
        var s3Options = s3.Value;
        _minio = new Lazy<IMinioClient>(() => new MinioClient()
            .WithEndpoint(s3Options.Endpoint)
            .WithCredentials(s3Options.AccessKey, s3Options.SecretKey)
            .WithRegion(s3Options.Region)
            .WithSSL(s3Options.UseTls)
            .WithTimeout((int)_options.FetchTimeout.TotalMilliseconds)
            .Build());
    }

    public async Task<IReadOnlyList<ArtifactLocator>> ListAsync(PkdSource source, CancellationToken cancellationToken)
    {
        try
        {
            IReadOnlyList<ArtifactLocator> locators = source.Options.Kind switch
            {
                PkdSourceKind.Directory => ListDirectory(source.Options.Location),
                PkdSourceKind.Https => [new ArtifactLocator(new Uri(source.Options.Location).AbsolutePath, token => FetchHttpsAsync(source.Options, token))],
                PkdSourceKind.S3 => await ListS3Async(source.Options.Location, cancellationToken),
                _ => throw new SourceFetchException($"Unknown source kind {source.Options.Kind}."),
            };
            return locators.Select(l => l with { FetchAsync = token => ReadAsync(l, token) }).ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or Minio.Exceptions.MinioException or HttpRequestException)
        {
            throw new SourceFetchException($"Listing source '{source.Id}' failed: {exception.GetType().Name}.", exception);
        }
    }

    public void Dispose()
    {
        if (_minio.IsValueCreated)
        {
            _minio.Value.Dispose();
        }

        foreach (var client in _pinnedClients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }

    /// <summary>Reads one artifact; a failure to read it becomes a <see cref="SourceFetchException"/> (run reason FETCH_FAILED).</summary>
    private static async Task<FetchedArtifact> ReadAsync(ArtifactLocator locator, CancellationToken cancellationToken)
    {
        try
        {
            return await locator.FetchAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or HttpRequestException or Minio.Exceptions.MinioException)
        {
            throw new SourceFetchException($"Reading artifact '{locator.Name}' failed: {exception.GetType().Name}.", exception);
        }
    }

    private List<ArtifactLocator> ListDirectory(string location)
    {
        var root = Path.GetFullPath(location);
        if (!Directory.Exists(root))
        {
            throw new SourceFetchException($"Directory '{root}' does not exist.");
        }

        return Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.Hidden })
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(relative => new ArtifactLocator(relative, async token =>
            {
                var path = Path.Combine(root, relative);
                var length = new FileInfo(path).Length;
                if (length > _options.MaxArtifactBytes)
                {
                    throw new SourceFetchException($"Artifact '{relative}' is larger than {_options.MaxArtifactBytes} bytes.");
                }

                return new FetchedArtifact(relative, await File.ReadAllBytesAsync(path, token));
            }))
            .ToList();
    }

    private async Task<FetchedArtifact> FetchHttpsAsync(PkdSourceOptions source, CancellationToken cancellationToken)
    {
        var url = source.Location;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.FetchTimeout);
        var client = string.IsNullOrWhiteSpace(source.TrustedServerCertificates)
            ? _httpClients.CreateClient(HttpClientName)
            : _pinnedClients.GetOrAdd(source.Name, _ => new Lazy<HttpClient>(() => PinnedClient(source.TrustedServerCertificates))).Value;
        try
        {
            return await ReadHttpsAsync(client, url, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new SourceFetchException($"GET {new Uri(url).GetLeftPart(UriPartial.Path)} did not complete within {_options.FetchTimeout}.");
        }
    }

    private async Task<FetchedArtifact> ReadHttpsAsync(HttpClient client, string url, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(new Uri(url), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new SourceFetchException($"GET {new Uri(url).GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode}.");
        }

        if (response.Content.Headers.ContentLength > _options.MaxArtifactBytes)
        {
            throw new SourceFetchException($"The response is larger than {_options.MaxArtifactBytes} bytes.");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > _options.MaxArtifactBytes)
            {
                throw new SourceFetchException($"The response is larger than {_options.MaxArtifactBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return new FetchedArtifact(new Uri(url).AbsolutePath, buffer.ToArray());
    }

    /// <summary>A client trusting only the source's roots (validated at start-up, so loading succeeds unless the file changed).</summary>
    private static HttpClient PinnedClient(string rootsPath)
    {
        if (!SourceTls.TryLoadRoots(rootsPath, out var roots, out var error))
        {
            throw new SourceFetchException(error);
        }

#pragma warning disable CA2000 // the client owns and disposes the handler
        return new HttpClient(SourceTls.CreateHandler(roots), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
#pragma warning restore CA2000
    }

    private async Task<List<ArtifactLocator>> ListS3Async(string location, CancellationToken cancellationToken)
    {
        var trimmed = location.Trim('/');
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? trimmed : trimmed[..slash];
        var prefix = slash < 0 ? string.Empty : trimmed[(slash + 1)..];
        var names = new List<(string Key, ulong Size)>();
        await foreach (var item in _minio.Value.ListObjectsEnumAsync(new ListObjectsArgs().WithBucket(bucket).WithPrefix(prefix).WithRecursive(true), cancellationToken))
        {
            if (!item.IsDir)
            {
                names.Add((item.Key, item.Size));
            }
        }

        return names.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => new ArtifactLocator(n.Key, async token =>
        {
            if ((long)n.Size > _options.MaxArtifactBytes)
            {
                throw new SourceFetchException($"Object '{n.Key}' is larger than {_options.MaxArtifactBytes} bytes.");
            }

            using var buffer = new MemoryStream();
            await _minio.Value.GetObjectAsync(
                new GetObjectArgs().WithBucket(bucket).WithObject(n.Key).WithCallbackStream((stream, t) => stream.CopyToAsync(buffer, t)), token);
            return new FetchedArtifact(n.Key, buffer.ToArray());
        })).ToList();
    }
}
