namespace Credentials.Icao9303.Mrz;

/// <summary>Machine readable zone layouts of Doc 9303 Parts 4-7.</summary>
public enum MrzFormat
{
    /// <summary>Not specified.</summary>
    Unspecified = 0,

    /// <summary>TD1 size card: 3 lines of 30 characters (Part 5).</summary>
    Td1 = 1,

    /// <summary>TD2 size document: 2 lines of 36 characters (Part 6).</summary>
    Td2 = 2,

    /// <summary>TD3 passport: 2 lines of 44 characters (Part 4).</summary>
    Td3 = 3,

    /// <summary>Format-A machine readable visa: 2 lines of 44 characters (Part 7).</summary>
    MrvA = 4,

    /// <summary>Format-B machine readable visa: 2 lines of 36 characters (Part 7).</summary>
    MrvB = 5,
}
