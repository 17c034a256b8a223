namespace Credentials.Icao9303.Vds;

/// <summary>The seal encodings this library reads.</summary>
public enum SealFormat
{
    /// <summary>Not recognised.</summary>
    Unspecified = 0,

    /// <summary>Visible Digital Seal, Doc 9303 Part 13 (binary, magic 0xDC).</summary>
    Vds = 1,

    /// <summary>VDS for non-constrained environments, ICAO TR VDS-NC (JSON).</summary>
    VdsNc = 2,

    /// <summary>ICAO Datastructure for Barcode, ICAO TR IDB (text <c>RDB1</c>/<c>NDB1</c> ‖ flag ‖ base32 payload).</summary>
    Idb = 3,
}
