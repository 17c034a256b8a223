namespace Credentials.SignerKeys;

/// <summary>A key moving to ACTIVE or RETIRED at <paramref name="At"/> (a retirement with its <paramref name="Reason"/>).</summary>
/// <param name="KeyId">The key.</param>
/// <param name="To">ACTIVE or RETIRED.</param>
/// <param name="At">When; stamps activated_at or retired_at.</param>
/// <param name="Reason">Why a key retires; empty for an activation.</param>
public sealed record SignerKeyTransition(string KeyId, SignerKeyStatus To, DateTimeOffset At, string Reason);
