namespace Credentials.Icao9303.Issuance;

/// <summary>
/// CRLReason codes written into a CRL entry's reasonCode extension (RFC 5280 §5.3.1). "No reason" is expressed by
/// leaving the reason out, so unspecified(0) is not offered; certificateHold and removeFromCRL are not issued by a
/// CSCA (Doc 9303 CRLs do not suspend and are not delta CRLs).
/// </summary>
public enum CrlReason
{
    /// <summary>keyCompromise(1).</summary>
    KeyCompromise = 1,

    /// <summary>cACompromise(2).</summary>
    CACompromise = 2,

    /// <summary>affiliationChanged(3).</summary>
    AffiliationChanged = 3,

    /// <summary>superseded(4).</summary>
    Superseded = 4,

    /// <summary>cessationOfOperation(5).</summary>
    CessationOfOperation = 5,

    /// <summary>privilegeWithdrawn(9).</summary>
    PrivilegeWithdrawn = 9,

    /// <summary>aACompromise(10).</summary>
    AACompromise = 10,
}
