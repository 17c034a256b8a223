namespace Credentials.Icao9303.Dtc;

/// <summary>
/// Bounds applied by the DTC decoders before anything is allocated (STYLE.md rule 17). The defaults fit every eMRTD:
/// an EF.SOD is a few KiB, DG2/DG3/DG4 biometrics rarely exceed a few hundred KiB.
/// </summary>
public sealed record DtcLimits
{
    /// <summary>The defaults.</summary>
    public static DtcLimits Default { get; } = new();

    /// <summary>Largest complete DTCContentInfo accepted.</summary>
    public int MaxContentInfoBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Largest dtcSOD accepted.</summary>
    public int MaxSecurityObjectBytes { get; init; } = 64 * 1024;

    /// <summary>Largest single data group accepted.</summary>
    public int MaxDataGroupBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>Largest single DTCTBSValue value accepted.</summary>
    public int MaxTbsValueBytes { get; init; } = 16 * 1024;

    /// <summary>Largest DTC signer certificate accepted.</summary>
    public int MaxSignerCertificateBytes { get; init; } = 16 * 1024;
}
