namespace Credentials.Icao9303.Dtc;

/// <summary>
/// How a Digital Travel Credential's virtual component is bound (ICAO TR "Digital Travel Credentials — Virtual Component
/// Data Structure and PKI Mechanisms" v1.2, DTC types 1 to 3). Derived from which optional parts of
/// <see cref="DtcContentInfo"/> are present: eMRTD bound carries dtcSOD and neither dtcTBS nor dtcSignerInfo; eMRTD-PC
/// bound carries dtcSOD and both; PC bound carries both but no dtcSOD.
/// </summary>
public enum DtcBindingKind
{
    /// <summary>DTC type 1: the eMRTD's SOD and data groups, no dtcTBS, no dtcSignerInfo.</summary>
    EmrtdBound = 1,

    /// <summary>DTC type 2: as type 1, plus dtcTBS signed by a DTC Signer.</summary>
    EmrtdPcBound = 2,

    /// <summary>DTC type 3: no eMRTD SOD; dtcTBS signed by a DTC Signer.</summary>
    PcBound = 3,
}
