using Credentials.Contracts.Common.V1;

namespace Credentials.TrustAnchor.Application;

/// <summary>A certificate row of <c>trust_anchor.certificates</c>.</summary>
internal sealed record StoredCertificate(
    string Fingerprint,
    CertificateKind Kind,
    string Country,
    string Subject,
    string Issuer,
    string SerialNumber,
    byte[]? SubjectKeyIdentifier,
    byte[]? AuthorityKeyIdentifier,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    byte[] Der,
    string Source,
    DateTimeOffset AddedAt);
