namespace Credentials.Icao9303.Lds;

/// <summary>
/// One face from DG2: the biometric header template fields and the ISO/IEC 19794-5 facial record
/// (facial information block, image information, image bytes).
/// </summary>
public sealed record FaceImage
{
    /// <summary>Image bytes (JPEG or JPEG 2000 stream).</summary>
    public required ReadOnlyMemory<byte> ImageData { get; init; }

    /// <summary>Image data type.</summary>
    public required FaceImageDataType ImageDataType { get; init; }

    /// <summary>Width in pixels.</summary>
    public required int Width { get; init; }

    /// <summary>Height in pixels.</summary>
    public required int Height { get; init; }

    /// <summary>Gender code (0 unspecified, 1 male, 2 female, 0xFF unknown).</summary>
    public int Gender { get; init; }

    /// <summary>Eye colour code.</summary>
    public int EyeColour { get; init; }

    /// <summary>Hair colour code.</summary>
    public int HairColour { get; init; }

    /// <summary>Face image type (0 basic, 1 full frontal, 2 token frontal).</summary>
    public int FaceImageType { get; init; } = 1;

    /// <summary>Number of feature points recorded.</summary>
    public int FeaturePointCount { get; init; }

    /// <summary>BHT format owner (0x0101 = ISO/IEC JTC 1/SC 37).</summary>
    public int FormatOwner { get; init; } = 0x0101;

    /// <summary>BHT format type (0x0008 = face image).</summary>
    public int FormatType { get; init; } = 0x0008;
}
