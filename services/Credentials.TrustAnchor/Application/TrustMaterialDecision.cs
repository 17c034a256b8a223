using Credentials.Contracts.Common.V1;

namespace Credentials.TrustAnchor.Application;

/// <summary>
/// What <see cref="TrustMaterialVerifier"/> decided for one certificate or CRL: accepted (with the kind it is stored as,
/// and whether it was taken on an assertion rather than a verified signature) or rejected with a machine-readable reason.
/// </summary>
internal sealed record TrustMaterialDecision(bool Accepted, CertificateKind Kind, string Reason, string Detail, bool Asserted = false)
{
    public static TrustMaterialDecision Accept(CertificateKind kind, bool asserted = false) => new(true, kind, string.Empty, string.Empty, asserted);

    public static TrustMaterialDecision Reject(string reason, string detail) => new(false, CertificateKind.Unspecified, reason, detail);
}
