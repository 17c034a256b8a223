namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>Policy knobs of <see cref="PassiveAuthenticator"/>.</summary>
public sealed record PassiveAuthenticationPolicy
{
    /// <summary>The default: missing CRL is a warning, SHA-1 is a warning, RSA below 2048 bits is a warning.</summary>
    public static PassiveAuthenticationPolicy Default { get; } = new();

    /// <summary>When true a missing or stale CRL makes the verdict INDETERMINATE (never "revoked").</summary>
    public bool RequireCrl { get; init; }

    /// <summary>When true SHA-1 in the SOD fails the algorithm check instead of warning.</summary>
    public bool RejectSha1 { get; init; }

    /// <summary>
    /// When true a document with an Active Authentication key (DG15 presented or listed in the SOD) but no challenge and
    /// signature is INDETERMINATE (<c>aa.required</c>).
    /// </summary>
    public bool RequireActiveAuthentication { get; init; }

    /// <summary>RSA keys shorter than this are reported as a warning.</summary>
    public int MinimumRsaBits { get; init; } = 2048;
}
