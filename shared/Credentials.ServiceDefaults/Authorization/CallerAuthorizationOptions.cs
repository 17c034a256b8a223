namespace Credentials.ServiceDefaults.Authorization;

/// <summary>
/// Which caller identities may call which RPC (ARCHITECTURE.md: "each RPC declares which identities may call it").
/// Deny by default: an RPC without a rule can only be called by nobody. Keys are gRPC method paths
/// (<c>/credentials.csca.v1.CscaService/IssueSignerCertificate</c>) or a whole service (<c>/credentials.csca.v1.CscaService/*</c>);
/// values are identity names (the part after <c>spiffe://credentials/</c>). An exact method rule replaces the service rule.
/// Each service ships its rules in <c>access-policy.json</c>; configuration may override them.
/// </summary>
public sealed class CallerAuthorizationOptions
{
    public const string SectionName = "Authorization";

    /// <summary>Method path or service wildcard → allowed identity names.</summary>
    public Dictionary<string, string[]> Rules { get; init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Identities allowed to call every RPC, but only when the host environment is Development (the integration-test
    /// client). Ignored in every other environment.
    /// </summary>
    public string[] DevelopmentIdentities { get; init; } = ["tests"];
}
