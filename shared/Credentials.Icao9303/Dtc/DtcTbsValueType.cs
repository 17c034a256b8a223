namespace Credentials.Icao9303.Dtc;

/// <summary>
/// The kinds of <see cref="DtcTbsValue"/> in this suite's profile of dtcTBS (our choice: the TR's DTCTBSValue definition
/// was not available here; see docs/dtc.md).
/// </summary>
public enum DtcTbsValueType
{
    /// <summary>SHA-256 over the DER DTCData (binds the signature to the data groups and SOD). Mandatory.</summary>
    DtcDataDigest = 1,

    /// <summary>Start of the DTC's validity, DER GeneralizedTime (UTC, seconds). Mandatory.</summary>
    ValidFrom = 2,

    /// <summary>End of the DTC's validity, DER GeneralizedTime (UTC, seconds). Mandatory.</summary>
    ValidUntil = 3,

    /// <summary>Identifier of the physical component the DTC is bound to (opaque bytes, e.g. a hash of its public key). Optional.</summary>
    PhysicalComponentIdentifier = 4,
}
