using System.Text;
using Credentials.Icao9303;
using Credentials.Icao9303.Vds;
using SkiaSharp;
using ZXing;
using ZXing.Common;
using ZXing.Datamatrix;
using ZXing.Datamatrix.Encoder;
using ZXing.QrCode;
using ZXing.QrCode.Internal;

namespace Credentials.Barcodes;

/// <summary>
/// The printed form of a seal: a VDS in a DataMatrix (ISO/IEC 16022, Base256 so every byte is kept; Doc 9303 Part 13
/// §2.5), a VDS-NC in a QR code (ISO/IEC 18004, byte mode, error correction M; TR VDS-NC §3.4), written as a grayscale
/// PNG with a quiet zone, and read back from an image. Bounded: images up to <see cref="MaxImageBytes"/> bytes and
/// <see cref="MaxImageSide"/> pixels a side; an unreadable image throws <see cref="Icao9303FormatException"/>
/// (<c>barcode.*</c>).
/// </summary>
public static class SealBarcode
{
    /// <summary>Largest PNG accepted for reading.</summary>
    public const int MaxImageBytes = 8 * 1024 * 1024;

    /// <summary>Largest image side accepted for reading, in pixels.</summary>
    public const int MaxImageSide = 4096;

    private const int QuietZoneModules = 2;

    /// <summary>ISO/IEC 18004 §6.3.8: a QR code needs a quiet zone of 4 modules (with 2, readers miss some symbols).</summary>
    private const int QrQuietZoneModules = 4;

    /// <summary>Renders <paramref name="seal"/> (VDS bytes, VDS-NC JSON or IDB text) as a PNG barcode of <paramref name="moduleSize"/> pixels a module.</summary>
    /// <exception cref="Icao9303FormatException">Not a seal (<c>seal.format-unknown</c>) or too large for its symbology (<c>barcode.too-large</c>).</exception>
    public static byte[] RenderPng(ReadOnlySpan<byte> seal, int moduleSize = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(moduleSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(moduleSize, 32);
        var format = SealVerifier.DetectFormat(seal);
        BitMatrix matrix;
        try
        {
            matrix = format switch
            {
                SealFormat.Vds => new DataMatrixWriter().encode(
                    Encoding.Latin1.GetString(seal), BarcodeFormat.DATA_MATRIX, 0, 0,
                    new Dictionary<EncodeHintType, object>
                    {
                        [EncodeHintType.DATA_MATRIX_DEFAULT_ENCODATION] = Encodation.BASE256,
                        [EncodeHintType.CHARACTER_SET] = "ISO-8859-1",
                        [EncodeHintType.DATA_MATRIX_SHAPE] = SymbolShapeHint.FORCE_SQUARE,
                        [EncodeHintType.MARGIN] = 0,
                    }),
                SealFormat.VdsNc => new QRCodeWriter().encode(
                    Encoding.UTF8.GetString(seal), BarcodeFormat.QR_CODE, 0, 0,
                    new Dictionary<EncodeHintType, object>
                    {
                        [EncodeHintType.CHARACTER_SET] = "UTF-8",
                        [EncodeHintType.DISABLE_ECI] = true,
                        [EncodeHintType.ERROR_CORRECTION] = ErrorCorrectionLevel.M,
                        [EncodeHintType.MARGIN] = 0,
                    }),
                // IDB text (RDB1/NDB1, flag, base32) is all upper-case letters and digits: QR alphanumeric mode, ECC M.
                SealFormat.Idb => new QRCodeWriter().encode(
                    Encoding.ASCII.GetString(seal).Trim(), BarcodeFormat.QR_CODE, 0, 0,
                    new Dictionary<EncodeHintType, object>
                    {
                        [EncodeHintType.ERROR_CORRECTION] = ErrorCorrectionLevel.M,
                        [EncodeHintType.MARGIN] = 0,
                    }),
                _ => throw new Icao9303FormatException("seal.format-unknown", "Neither a VDS (0xDC), a VDS-NC (JSON object) nor an IDB (RDB1/NDB1)."),
            };
        }
        catch (WriterException ex)
        {
            throw new Icao9303FormatException("barcode.too-large", $"The seal does not fit its barcode symbology: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new Icao9303FormatException("barcode.too-large", $"The seal does not fit its barcode symbology: {ex.Message}", ex);
        }

        var quiet = format == SealFormat.Vds ? QuietZoneModules : QrQuietZoneModules;
        var side = (matrix.Width + (2 * quiet)) * moduleSize;
        var height = (matrix.Height + (2 * quiet)) * moduleSize;
        using var bitmap = new SKBitmap(new SKImageInfo(side, height, SKColorType.Gray8, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        var rowBytes = bitmap.RowBytes;
        pixels.Fill(0xFF);
        for (var y = 0; y < matrix.Height; y++)
        {
            for (var x = 0; x < matrix.Width; x++)
            {
                if (!matrix[x, y])
                {
                    continue;
                }

                for (var dy = 0; dy < moduleSize; dy++)
                {
                    var row = ((y + quiet) * moduleSize) + dy;
                    pixels.Slice((row * rowBytes) + ((x + quiet) * moduleSize), moduleSize).Clear();
                }
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Reads the seal bytes out of a barcode image (PNG, JPEG…): a DataMatrix or a QR code.</summary>
    /// <exception cref="Icao9303FormatException">Not an image, too large, or no readable barcode (<c>barcode.*</c>).</exception>
    public static byte[] Read(ReadOnlySpan<byte> image)
    {
        if (image.IsEmpty || image.Length > MaxImageBytes)
        {
            throw new Icao9303FormatException("barcode.image-too-large", $"The image must have 1..{MaxImageBytes} bytes.");
        }

        using var stream = new SKMemoryStream(image.ToArray());
        using var codec = SKCodec.Create(stream)
            ?? throw new Icao9303FormatException("barcode.image-invalid", "The image is not in a format that can be decoded.");
        if (codec.Info.Width > MaxImageSide || codec.Info.Height > MaxImageSide)
        {
            throw new Icao9303FormatException("barcode.image-too-large", $"The image is larger than {MaxImageSide} pixels a side.");
        }

        using var bitmap = new SKBitmap(new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Gray8, SKAlphaType.Opaque));
        if (codec.GetPixels(bitmap.Info, bitmap.GetPixels()) is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            throw new Icao9303FormatException("barcode.image-invalid", "The image cannot be decoded.");
        }

        var gray = new byte[bitmap.Width * bitmap.Height];
        var source = bitmap.GetPixelSpan();
        for (var y = 0; y < bitmap.Height; y++)
        {
            source.Slice(y * bitmap.RowBytes, bitmap.Width).CopyTo(gray.AsSpan(y * bitmap.Width));
        }

        var luminance = new RGBLuminanceSource(gray, bitmap.Width, bitmap.Height, RGBLuminanceSource.BitmapFormat.Gray8);
        var reader = new MultiFormatReader();
        var hints = new Dictionary<DecodeHintType, object>
        {
            [DecodeHintType.POSSIBLE_FORMATS] = new List<BarcodeFormat> { BarcodeFormat.DATA_MATRIX, BarcodeFormat.QR_CODE },
            [DecodeHintType.TRY_HARDER] = true,
            [DecodeHintType.CHARACTER_SET] = "ISO-8859-1",
        };
        Result? result;
        try
        {
            result = reader.decode(new BinaryBitmap(new HybridBinarizer(luminance)), hints);
            if (result is null)
            {
                // ZXing's finder misses some large, cleanly rendered QR codes that other readers (ZBar) read; a second
                // pass reads the image as one symbol on a plain background.
                hints[DecodeHintType.PURE_BARCODE] = true;
                result = reader.decode(new BinaryBitmap(new HybridBinarizer(luminance)), hints);
            }
        }
        catch (Exception ex) when (ex is ReaderException or ArgumentException or IndexOutOfRangeException or InvalidOperationException)
        {
            throw new Icao9303FormatException("barcode.unreadable", $"No DataMatrix or QR code could be read: {ex.Message}", ex);
        }

        if (result is null)
        {
            throw new Icao9303FormatException("barcode.unreadable", "No DataMatrix or QR code could be read.");
        }

        if (result.BarcodeFormat == BarcodeFormat.QR_CODE
            && result.ResultMetadata?.TryGetValue(ResultMetadataType.BYTE_SEGMENTS, out var segments) == true && segments is IList<byte[]> list)
        {
            return [.. list.SelectMany(s => s)];
        }

        return Encoding.Latin1.GetBytes(result.Text);
    }
}
