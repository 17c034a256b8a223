namespace Credentials.Icao9303.Lds;

/// <summary>The SecurityInfo types of Doc 9303 Part 11 section 9.2.</summary>
public enum SecurityInfoKind
{
    /// <summary>Any other protocol (kept as raw data).</summary>
    Other = 0,

    /// <summary>ActiveAuthenticationInfo (id-AA 2.23.136.1.1.5).</summary>
    ActiveAuthentication = 1,

    /// <summary>ChipAuthenticationInfo (id-CA-* 0.4.0.127.0.7.2.2.3.x.y).</summary>
    ChipAuthentication = 2,

    /// <summary>ChipAuthenticationPublicKeyInfo (id-PK-DH/ECDH 0.4.0.127.0.7.2.2.1.x).</summary>
    ChipAuthenticationPublicKey = 3,

    /// <summary>PACEInfo (id-PACE-* 0.4.0.127.0.7.2.2.4.x.y).</summary>
    Pace = 4,

    /// <summary>PACEDomainParameterInfo (0.4.0.127.0.7.2.2.4.x).</summary>
    PaceDomainParameter = 5,

    /// <summary>TerminalAuthenticationInfo (id-TA 0.4.0.127.0.7.2.2.2).</summary>
    TerminalAuthentication = 6,
}
