namespace Credentials.Storage;

/// <summary>What the store knows about an object's current version.</summary>
/// <param name="Key">The content address.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="ContentType">MIME type recorded at upload.</param>
/// <param name="VersionId">Version id, null when the bucket is not versioned.</param>
/// <param name="LastModified">When the version was written.</param>
/// <param name="Retention">Object Lock retention of the version, null when none.</param>
/// <param name="LegalHold">True when a legal hold is on the version.</param>
public sealed record ObjectStat(
    ObjectKey Key,
    long Size,
    string? ContentType,
    string? VersionId,
    DateTimeOffset LastModified,
    ObjectRetention? Retention,
    bool LegalHold);
