namespace Credentials.Storage;

/// <summary>The result of storing an object.</summary>
/// <param name="Key">The content address.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="VersionId">The store's version id when the bucket is versioned; null otherwise.</param>
/// <param name="AlreadyExisted">True when the object was already stored and nothing was written.</param>
public sealed record StoredObject(ObjectKey Key, long Size, string? VersionId, bool AlreadyExisted);
