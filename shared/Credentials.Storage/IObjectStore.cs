namespace Credentials.Storage;

/// <summary>
/// A content-addressed object store (keys <c>sha256/&lt;hex&gt;</c>). <see cref="PutAsync"/> is idempotent: storing
/// bytes that are already stored writes nothing and returns the existing version.
/// </summary>
public interface IObjectStore
{
    /// <summary>Stores <paramref name="content"/> unless an object with the same key already exists.</summary>
    Task<StoredObject> PutAsync(ObjectContent content, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="content"/> under its key in one request: no look-up before, no read-back after (so no
    /// version id). For a writer that records elsewhere which objects it has stored (the EF.SOD archiver); writing bytes
    /// that are already stored only adds a version of the same bytes (STYLE.md rule 14).
    /// </summary>
    Task WriteAsync(ObjectContent content, CancellationToken cancellationToken);

    /// <summary>Reads an object and checks its bytes against the key. Throws <see cref="StorageException"/>
    /// with <see cref="StorageErrorReason.NotFound"/> when absent.</summary>
    Task<byte[]> GetAsync(ObjectKey key, CancellationToken cancellationToken);

    /// <summary>Metadata of the current version, or null when the object does not exist.</summary>
    Task<ObjectStat?> StatAsync(ObjectKey key, CancellationToken cancellationToken);

    /// <summary>True when the object exists.</summary>
    Task<bool> ExistsAsync(ObjectKey key, CancellationToken cancellationToken);

    /// <summary>Sets (or extends) Object Lock retention on a version (the current one when
    /// <paramref name="versionId"/> is null).</summary>
    Task SetRetentionAsync(ObjectKey key, string? versionId, ObjectRetention retention, CancellationToken cancellationToken);

    /// <summary>Deletes one version permanently. Throws <see cref="StorageException"/> with
    /// <see cref="StorageErrorReason.ObjectLocked"/> when retention or a legal hold forbids it.</summary>
    Task DeleteVersionAsync(ObjectKey key, string versionId, CancellationToken cancellationToken);
}
