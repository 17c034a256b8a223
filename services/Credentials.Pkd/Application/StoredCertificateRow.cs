using Credentials.Contracts.Common.V1;

namespace Credentials.Pkd.Application;

/// <summary>A row of <c>certificates</c> as read for the RPCs.</summary>
internal sealed record StoredCertificateRow(
    string Fingerprint,
    CertificateKind Kind,
    string Country,
    byte[] Der,
    bool Verified,
    string LintFindings,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset UpdatedAt,
    bool Removed,
    IReadOnlyList<string> SourceIds);
