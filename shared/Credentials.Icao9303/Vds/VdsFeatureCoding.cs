namespace Credentials.Icao9303.Vds;

/// <summary>How a feature value is coded (Doc 9303 Part 13 §2.3 and the document profiles).</summary>
public enum VdsFeatureCoding
{
    /// <summary>Alphanumeric, C40 (<see cref="C40"/>).</summary>
    C40 = 1,

    /// <summary>Machine readable zone characters, C40 with '&lt;' as space.</summary>
    Mrz = 2,

    /// <summary>Binary bytes.</summary>
    Binary = 3,

    /// <summary>UTF-8 text.</summary>
    Utf8 = 4,
}
