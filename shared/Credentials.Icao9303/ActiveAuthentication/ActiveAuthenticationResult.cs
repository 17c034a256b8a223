namespace Credentials.Icao9303.ActiveAuthentication;

/// <summary>Outcome of an Active Authentication signature check.</summary>
/// <param name="IsValid">True when the chip's signature over the challenge verified with the DG15 key.</param>
/// <param name="Reason">Stable code: <c>aa.valid</c>, <c>aa.signature-invalid</c>, <c>aa.key-unusable</c>.</param>
/// <param name="Detail">Scheme and hash used, or why it failed.</param>
public sealed record ActiveAuthenticationResult(bool IsValid, string Reason, string Detail);
