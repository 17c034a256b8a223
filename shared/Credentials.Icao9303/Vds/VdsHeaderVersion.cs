namespace Credentials.Icao9303.Vds;

/// <summary>The VDS header version byte (Doc 9303 Part 13 §2.2): the byte value is the version number minus one.</summary>
public enum VdsHeaderVersion
{
    /// <summary>Version 3 (byte 0x02): signer identifier and certificate reference are 9 C40 characters.</summary>
    Version3 = 0x02,

    /// <summary>Version 4 (byte 0x03): signer identifier, 2 hex characters giving the certificate reference length, then the reference.</summary>
    Version4 = 0x03,
}
