namespace Credentials.KeyVault;

/// <summary>Result of <see cref="IKeyVaultClient.CheckHealthAsync"/>.</summary>
/// <param name="IsHealthy">True when the vault can sign.</param>
/// <param name="Description">Human-readable state, never secrets.</param>
/// <param name="Data">Extra facts for the health report (token label, session counts...).</param>
public sealed record KeyVaultHealth(bool IsHealthy, string Description, IReadOnlyDictionary<string, object> Data);
