namespace Credentials.TrustAnchor.Application;

/// <summary>
/// What an import changed: per position of the certificates and CRLs given, whether it was added (false: already
/// stored); <see cref="Version"/> is the new store version, or null when nothing changed.
/// </summary>
internal sealed record TrustStoreImport(IReadOnlyList<bool> CertificatesAdded, IReadOnlyList<bool> CrlsAdded, long? Version);
