using System.Runtime.InteropServices;

namespace Credentials.Icao9303.Crypto;

/// <summary>
/// One-shot SHA-1/256/384/512 through OpenSSL 3 (libcrypto, which .NET itself uses on Linux) with each digest
/// implementation fetched once (<c>EVP_MD_fetch</c>). .NET's one-shot <c>HashData</c> costs about 0.8 µs of fixed
/// overhead per call here (error-queue clearing and an implicit fetch inside OpenSSL) against about 0.1 µs for hashing
/// a 200-byte data group, and Passive Authentication hashes four small inputs per document. Any failure to load the
/// library or a digest returns null, and the caller falls back to .NET, so results never depend on this class.
/// </summary>
internal static class OpenSslDigest
{
    private const string LibCrypto = "libcrypto.so.3";

    private static readonly string[] Names = ["SHA1", "SHA256", "SHA384", "SHA512"];

    // Fetched once for the process and never freed (like the platform's own digest handles); immutable after creation.
    private static readonly Lazy<IntPtr[]?> Fetched = new(Fetch);

    /// <summary>Digest of <paramref name="data"/> into <paramref name="destination"/>; null when this path cannot compute it.</summary>
    public static int? TryCompute(string oid, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var index = oid switch
        {
            Oids.Sha1 => 0,
            Oids.Sha256 => 1,
            Oids.Sha384 => 2,
            Oids.Sha512 => 3,
            _ => -1,
        };
        if (index < 0 || data.IsEmpty || destination.Length < DigestAlgorithms.MaxLength || !OperatingSystem.IsLinux() || Fetched.Value is not { } digests)
        {
            return null;
        }

        var md = digests[index];
        if (md == IntPtr.Zero)
        {
            return null;
        }

        uint size = 0;
        var ok = NativeMethods.EVP_Digest(
            ref MemoryMarshal.GetReference(data), (nuint)data.Length, ref MemoryMarshal.GetReference(destination), ref size, md, IntPtr.Zero);
        if (ok != 1 || size == 0 || size > DigestAlgorithms.MaxLength)
        {
            NativeMethods.ERR_clear_error();
            return null;
        }

        return (int)size;
    }

    private static IntPtr[]? Fetch()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            var result = Names.Select(name => NativeMethods.EVP_MD_fetch(IntPtr.Zero, name, null)).ToArray();
            NativeMethods.ERR_clear_error();
            return result;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return null;
        }
    }

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054, CA5392, CA2101 // classic P/Invoke keeps the library free of unsafe code; libcrypto is the system library .NET already loads.
        [DllImport(LibCrypto, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern IntPtr EVP_MD_fetch(IntPtr libraryContext, string algorithm, string? properties);

        [DllImport(LibCrypto)]
        public static extern int EVP_Digest(ref byte data, nuint count, ref byte digest, ref uint size, IntPtr type, IntPtr engine);

        [DllImport(LibCrypto)]
        public static extern void ERR_clear_error();
#pragma warning restore SYSLIB1054, CA5392, CA2101
    }
}
