namespace Credentials.Icao9303.Vds.Idb;

/// <summary>
/// The signature algorithm byte of a signed IDB header (ICAO TR "ICAO Datastructure for Barcode" §3.2): ECDSA with the
/// hash named here, the signature written plain as r ‖ s.
/// </summary>
public enum IdbSignatureAlgorithm : byte
{
    /// <summary>Absent (unsigned barcode).</summary>
    None = 0,

    /// <summary>ECDSA with SHA-256.</summary>
    EcdsaSha256 = 0x01,

    /// <summary>ECDSA with SHA-384.</summary>
    EcdsaSha384 = 0x02,

    /// <summary>ECDSA with SHA-512.</summary>
    EcdsaSha512 = 0x03,
}
