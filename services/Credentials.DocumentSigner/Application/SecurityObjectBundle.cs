using System.Security.Cryptography;

namespace Credentials.DocumentSigner.Application;

/// <summary>Where an archived EF.SOD lies: the bundle object's key, and its byte range in that object.</summary>
internal sealed record SecurityObjectArchiveLocation(string BundleKey, int Offset, int Length);

/// <summary>
/// The archive bundle: the EF.SOD files of one archive pass written back to back, each exactly as signed (a DER
/// <c>0x77</c> TLV, so the object also splits without its index), stored in S3 under the content address of the whole
/// bundle. The index (bundle key, offset, length per EF.SOD) is in the issuance rows, and every read checks the slice
/// against the row's SHA-256 of the EF.SOD. The one definition of the format: the archiver writes it, GetIssuance reads it.
/// </summary>
internal static class SecurityObjectBundle
{
    /// <summary>The bundle of <paramref name="securityObjects"/> and the offset of each in it, in the given order.</summary>
    public static (byte[] Bundle, int[] Offsets) Build(IReadOnlyList<byte[]> securityObjects)
    {
        ArgumentNullException.ThrowIfNull(securityObjects);
        var total = 0L;
        foreach (var sod in securityObjects)
        {
            total += sod.Length;
        }

        if (total > Array.MaxLength)
        {
            throw new ArgumentException($"A bundle of {total} bytes is too large; archive fewer EF.SODs per pass.", nameof(securityObjects));
        }

        var bundle = new byte[total];
        var offsets = new int[securityObjects.Count];
        var position = 0;
        for (var i = 0; i < securityObjects.Count; i++)
        {
            offsets[i] = position;
            securityObjects[i].CopyTo(bundle, position);
            position += securityObjects[i].Length;
        }

        return (bundle, offsets);
    }

    /// <summary>
    /// The EF.SOD at <paramref name="location"/> in <paramref name="bundle"/>, checked against its SHA-256 (lowercase hex,
    /// as stored in the row). Throws <see cref="InvalidOperationException"/> when the range is outside the bundle or the
    /// bytes differ: the archive does not hold what the row says, which no caller may paper over.
    /// </summary>
    public static byte[] Read(ReadOnlySpan<byte> bundle, SecurityObjectArchiveLocation location, string sha256Hex)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Offset < 0 || location.Length <= 0 || (long)location.Offset + location.Length > bundle.Length)
        {
            throw new InvalidOperationException(
                $"Archive bundle {location.BundleKey} holds {bundle.Length} bytes; the EF.SOD at {location.Offset}+{location.Length} lies outside it.");
        }

        var sod = bundle.Slice(location.Offset, location.Length);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(sod, digest);
        if (!string.Equals(Convert.ToHexStringLower(digest), sha256Hex, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The EF.SOD at {location.Offset}+{location.Length} of archive bundle {location.BundleKey} does not match its SHA-256.");
        }

        return sod.ToArray();
    }
}
