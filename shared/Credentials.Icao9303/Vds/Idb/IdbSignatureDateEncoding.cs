namespace Credentials.Icao9303.Vds.Idb;

/// <summary>How a signed IDB header writes its signature creation date.</summary>
public enum IdbSignatureDateEncoding
{
    /// <summary>3 bytes MMDDYYYY, no date mask: the 11-byte header of the TR's header table.</summary>
    ThreeBytes = 0,

    /// <summary>
    /// A known real-world deviation: a date mask byte 0x00 before the 3 date bytes (a 12-byte header), as written by
    /// tsenger/vdstools and seen in issued barcodes. Accepted explicitly and reported as a warning.
    /// </summary>
    MaskedFourBytes = 1,
}
