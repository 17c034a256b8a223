using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Minio;
using Minio.DataModel;
using Minio.DataModel.Args;
using Minio.DataModel.ObjectLock;
using Minio.Exceptions;

namespace Credentials.Storage.S3;

/// <summary>
/// <see cref="IObjectStore"/> over the Minio SDK 7.0.0 (INFRA.md): content-addressed keys, puts skipped when the
/// key exists (<see cref="WriteAsync"/>: one PUT, no look-up), reads verified against the key, per-object Object Lock retention set with the upload
/// (<c>WithRetentionConfiguration</c>) and read back with <c>StatObject</c>. Reads are whole-object GETs: the SDK's
/// ranged GET is broken in 7.0.0.
/// </summary>
public sealed partial class S3ObjectStore : IObjectStore, IDisposable
{
    private readonly MinioClient _client;
    private readonly S3StorageOptions _options;
    private readonly ILogger<S3ObjectStore> _logger;

    public S3ObjectStore(IOptions<S3StorageOptions> options, ILogger<S3ObjectStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        var client = new MinioClient();
        _client = client;
        // The builder methods configure this same instance and return it.
        _ = client
            .WithEndpoint(_options.Endpoint)
            .WithCredentials(_options.AccessKey, _options.SecretKey)
            .WithRegion(_options.Region)
            .WithSSL(_options.UseTls)
            .WithTimeout((int)_options.RequestTimeout.TotalMilliseconds)
            .Build();
    }

    /// <summary>The bucket this store writes to.</summary>
    public string Bucket => _options.Bucket;

    /// <summary>Checks the bucket exists; creates it with Object Lock enabled (which also turns versioning on)
    /// when <see cref="S3StorageOptions.CreateBucket"/> is set. Part of a service's explicit migrate step.</summary>
    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await _client.BucketExistsAsync(new BucketExistsArgs().WithBucket(_options.Bucket), cancellationToken))
            {
                return;
            }

            if (!_options.CreateBucket)
            {
                throw new StorageException(
                    StorageErrorReason.NotFound,
                    $"Bucket '{_options.Bucket}' does not exist and S3:CreateBucket is false.");
            }

            await _client.MakeBucketAsync(
                new MakeBucketArgs().WithBucket(_options.Bucket).WithLocation(_options.Region).WithObjectLock(),
                cancellationToken);
            LogBucketCreated(_options.Bucket);
        }
        catch (Exception exception) when (IsStoreFailure(exception))
        {
            throw Unavailable("create or check the bucket", exception);
        }
    }

    public async Task<StoredObject> PutAsync(ObjectContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var key = content.Key;
        var existing = await StatAsync(key, cancellationToken);
        if (existing is not null)
        {
            LogAlreadyStored(key.Value);
            return new StoredObject(key, existing.Size, existing.VersionId, AlreadyExisted: true);
        }

        await PutObjectAsync(content, cancellationToken);

        // PutObjectResponse carries no version id (INFRA.md): read it back.
        var stat = await StatAsync(key, cancellationToken)
            ?? throw new StorageException(StorageErrorReason.Unavailable, $"Object {key.Value} is missing right after it was stored.");
        LogStored(key.Value, stat.Size);
        return new StoredObject(key, stat.Size, stat.VersionId, AlreadyExisted: false);
    }

    public async Task WriteAsync(ObjectContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        await PutObjectAsync(content, cancellationToken);
        LogWritten(content.Key.Value, content.Content.Length);
    }

    public async Task<byte[]> GetAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        try
        {
            await _client.GetObjectAsync(
                new GetObjectArgs()
                    .WithBucket(_options.Bucket)
                    .WithObject(key.Value)
                    .WithCallbackStream((stream, token) => stream.CopyToAsync(buffer, token)),
                cancellationToken);
        }
        catch (Exception exception) when (IsNotFound(exception))
        {
            throw new StorageException(StorageErrorReason.NotFound, $"Object {key.Value} does not exist.", exception);
        }
        catch (Exception exception) when (IsStoreFailure(exception))
        {
            throw Unavailable("read " + key.Value, exception);
        }

        var bytes = buffer.ToArray();
        if (!key.Matches(bytes))
        {
            throw new StorageException(StorageErrorReason.IntegrityMismatch, $"Object {key.Value} does not hash to its key.");
        }

        return bytes;
    }

    public async Task<ObjectStat?> StatAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        Minio.DataModel.ObjectStat stat;
        try
        {
            stat = await _client.StatObjectAsync(
                new StatObjectArgs().WithBucket(_options.Bucket).WithObject(key.Value),
                cancellationToken);
        }
        catch (Exception exception) when (IsNotFound(exception))
        {
            return null;
        }
        catch (Exception exception) when (IsStoreFailure(exception))
        {
            throw Unavailable("stat " + key.Value, exception);
        }

        if (stat.DeleteMarker)
        {
            return null;
        }

        ObjectRetention? retention = null;
        if (stat.ObjectLockMode is { } mode && stat.ObjectLockRetainUntilDate is { } until)
        {
            retention = new ObjectRetention(FromMinio(mode), new DateTimeOffset(DateTime.SpecifyKind(until, DateTimeKind.Utc)));
        }

        return new ObjectStat(
            key,
            stat.Size,
            stat.ContentType,
            string.IsNullOrEmpty(stat.VersionId) ? null : stat.VersionId,
            new DateTimeOffset(DateTime.SpecifyKind(stat.LastModified, DateTimeKind.Utc)),
            retention,
            stat.LegalHoldEnabled == true);
    }

    public async Task<bool> ExistsAsync(ObjectKey key, CancellationToken cancellationToken) =>
        await StatAsync(key, cancellationToken) is not null;

    public async Task SetRetentionAsync(ObjectKey key, string? versionId, ObjectRetention retention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retention);
        var args = new SetObjectRetentionArgs()
            .WithBucket(_options.Bucket)
            .WithObject(key.Value)
            .WithRetentionMode(ToMinio(retention.Mode))
            .WithRetentionUntilDate(retention.RetainUntil.UtcDateTime);
        if (versionId is not null)
        {
            args = args.WithVersionId(versionId);
        }

        try
        {
            await _client.SetObjectRetentionAsync(args, cancellationToken);
        }
        catch (Exception exception) when (IsNotFound(exception))
        {
            throw new StorageException(StorageErrorReason.NotFound, $"Object {key.Value} does not exist.", exception);
        }
        catch (Exception exception) when (IsAccessDenied(exception))
        {
            throw new StorageException(StorageErrorReason.ObjectLocked, $"The retention of {key.Value} cannot be shortened.", exception);
        }
        catch (Exception exception) when (IsStoreFailure(exception))
        {
            throw Unavailable("set retention on " + key.Value, exception);
        }
    }

    public async Task DeleteVersionAsync(ObjectKey key, string versionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(versionId);
        try
        {
            await _client.RemoveObjectAsync(
                new RemoveObjectArgs().WithBucket(_options.Bucket).WithObject(key.Value).WithVersionId(versionId),
                cancellationToken);
        }
        catch (Exception exception) when (IsAccessDenied(exception))
        {
            LogDeleteDenied(key.Value);
            throw new StorageException(StorageErrorReason.ObjectLocked, $"Object {key.Value} version {versionId} is locked.", exception);
        }
        catch (Exception exception) when (IsStoreFailure(exception))
        {
            throw Unavailable("delete " + key.Value, exception);
        }
    }

    public void Dispose() => _client.Dispose();

    private static Minio.DataModel.ObjectLock.ObjectRetentionMode ToMinio(ObjectRetentionMode mode) => mode switch
    {
        ObjectRetentionMode.Governance => Minio.DataModel.ObjectLock.ObjectRetentionMode.GOVERNANCE,
        ObjectRetentionMode.Compliance => Minio.DataModel.ObjectLock.ObjectRetentionMode.COMPLIANCE,
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    private static ObjectRetentionMode FromMinio(Minio.DataModel.ObjectLock.ObjectRetentionMode mode) =>
        mode == Minio.DataModel.ObjectLock.ObjectRetentionMode.COMPLIANCE ? ObjectRetentionMode.Compliance : ObjectRetentionMode.Governance;

    private static bool IsNotFound(Exception exception) =>
        exception is ObjectNotFoundException
        || (exception is MinioException minio && minio.ServerResponse?.StatusCode == HttpStatusCode.NotFound
            && exception is not BucketNotFoundException);

    // Minio 7.0.0 reports a denied delete of a locked version as UnexpectedMinioException("... Access Denied"),
    // sometimes without the parsed response: check the status, the error code, then the SDK's message.
    private static bool IsAccessDenied(Exception exception) =>
        exception is AccessDeniedException
        || (exception is MinioException minio
            && (minio.ServerResponse?.StatusCode == HttpStatusCode.Forbidden
                || string.Equals(minio.Response?.Code, "AccessDenied", StringComparison.Ordinal)
                || minio.Message.Contains("Access Denied", StringComparison.Ordinal)));

    /// <summary>The PUT itself (with the retention, if any): one request.</summary>
    private async Task PutObjectAsync(ObjectContent content, CancellationToken cancellationToken)
    {
        var key = content.Key;
        var args = new PutObjectArgs()
            .WithBucket(_options.Bucket)
            .WithObject(key.Value)
            .WithContentType(content.ContentType)
            .WithObjectSize(content.Content.Length);
        // Read in place when the content is an array (a PKD artifact is tens of MB: no second copy while it uploads).
        using var stream = MemoryMarshal.TryGetArray(content.Content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.Content.ToArray(), writable: false);
        args = args.WithStreamData(stream);
        if (content.Retention is { } retention)
        {
            args = args.WithRetentionConfiguration(new ObjectRetentionConfiguration(
                retention.RetainUntil.UtcDateTime, ToMinio(retention.Mode)));
        }

        try
        {
            await _client.PutObjectAsync(args, cancellationToken);
        }
        catch (Exception exception) when (IsStoreFailure(exception))
        {
            throw Unavailable("store " + key.Value, exception);
        }
    }

    private static bool IsStoreFailure(Exception exception) =>
        exception is MinioException or HttpRequestException or IOException
        || (exception is TaskCanceledException && exception.InnerException is TimeoutException);

    private static StorageException Unavailable(string action, Exception exception) =>
        new(StorageErrorReason.Unavailable, string.Create(CultureInfo.InvariantCulture, $"S3 failed to {action}: {exception.GetType().Name}."), exception);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Created bucket {Bucket} with Object Lock")]
    private partial void LogBucketCreated(string bucket);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Debug, Message = "Stored object {Key} ({Size} bytes)")]
    private partial void LogStored(string key, long size);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Debug, Message = "Object {Key} already stored; nothing written")]
    private partial void LogAlreadyStored(string key);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "Deleting a version of {Key} was denied by Object Lock")]
    private partial void LogDeleteDenied(string key);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Debug, Message = "Wrote object {Key} ({Size} bytes) without a look-up")]
    private partial void LogWritten(string key, long size);
}
