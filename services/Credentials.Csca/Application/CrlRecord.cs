namespace Credentials.Csca.Application;

/// <summary>A row of <c>csca.crls</c>.</summary>
internal sealed record CrlRecord(
    string CscaId,
    int Generation,
    long CrlNumber,
    DateTimeOffset ThisUpdate,
    DateTimeOffset NextUpdate,
    int RevokedCount,
    string Fingerprint,
    string ObjectKey,
    byte[] Der);
