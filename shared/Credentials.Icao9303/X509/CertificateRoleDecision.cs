namespace Credentials.Icao9303.X509;

/// <summary>
/// The answer of <see cref="CertificateRoleRule.Check"/>: whether the certificate may act in the role, a stable reason
/// code (<c>role.ok</c> when allowed without remark, <c>role.*</c> otherwise) and a human-readable detail. An allowed
/// decision with another reason is a named real-world deviation that verifiers report as a warning.
/// </summary>
/// <param name="IsAllowed">True when signatures made by the certificate count in the role.</param>
/// <param name="Reason">Stable reason code (see the constants of <see cref="CertificateRoleRule"/>).</param>
/// <param name="Detail">Human-readable explanation.</param>
public readonly record struct CertificateRoleDecision(bool IsAllowed, string Reason, string Detail)
{
    /// <summary>Allowed, but only because a named real-world deviation is tolerated (report it as a warning).</summary>
    public bool IsDeviation => IsAllowed && !string.Equals(Reason, CertificateRoleRule.Allowed, StringComparison.Ordinal);
}
