namespace Credentials.Icao9303.Lds;

/// <summary>Image data type of an ISO/IEC 19794-5 face image (Doc 9303 Part 10 section 4.7.2: JPEG or JPEG 2000).</summary>
public enum FaceImageDataType
{
    /// <summary>JPEG (ISO/IEC 10918).</summary>
    Jpeg = 0,

    /// <summary>JPEG 2000 (ISO/IEC 15444).</summary>
    Jpeg2000 = 1,
}
