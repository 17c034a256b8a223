namespace Credentials.Storage;

/// <summary>Object Lock retention of one object version (used for audit archives).</summary>
/// <param name="Mode">Governance or compliance.</param>
/// <param name="RetainUntil">The instant until which the version cannot be deleted or overwritten.</param>
public sealed record ObjectRetention(ObjectRetentionMode Mode, DateTimeOffset RetainUntil);
