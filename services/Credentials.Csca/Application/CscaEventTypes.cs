namespace Credentials.Csca.Application;

/// <summary>The event types csca writes to its topic (proto/credentials/events/v1).</summary>
internal static class CscaEventTypes
{
    public const string CertificateIssued = "certificate.issued";
    public const string CertificateRevoked = "certificate.revoked";
    public const string CrlPublished = "crl.published";
}
