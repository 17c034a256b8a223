namespace Credentials.TrustAnchor.Infrastructure;

/// <summary>The idempotency record of one ImportTrustMaterial call.</summary>
internal sealed record StoredImportRequest(byte[] ContentSha256, byte[] Response);
