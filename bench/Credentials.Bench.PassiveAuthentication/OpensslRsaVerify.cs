using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Credentials.Bench.PassiveAuthentication;

/// <summary>
/// OpenSSL's own RSA-2048 verification rate on a prepared key, the baseline of the RSA-2048-PSS row. <c>openssl speed</c>
/// of OpenSSL 3.0 has no PSS mode: its <c>rsa2048</c> verify figure is PKCS#1 v1.5, which skips PSS decoding and MGF1
/// (RFC 8017 section 9.1.2), so a PSS Passive Authentication compared with it is not compared like with like. This
/// measures, with the same libcrypto, what <c>openssl speed</c> measures — the verification alone, key and context
/// prepared once — with the parameters of the bench document (SHA-256, MGF1-SHA-256, salt 32): <c>EVP_PKEY_verify</c> in
/// a loop, operations per CPU-second of this process. The same loop with PKCS#1 v1.5 is printed beside
/// <c>openssl speed rsa2048</c> so that the harness itself can be checked against OpenSSL's.
/// </summary>
internal static class OpensslRsaVerify
{
    private const string LibCrypto = "libcrypto.so.3";
    private const int RsaPkcs1Padding = 1;
    private const int RsaPssPadding = 6;

    /// <summary>
    /// RSA-2048 verifications per CPU-second over about <paramref name="seconds"/> seconds, PSS or (with
    /// <paramref name="pss"/> false, to check this harness against <c>openssl speed rsa2048</c>) PKCS#1 v1.5; null when
    /// libcrypto is not usable.
    /// </summary>
    public static double? VerifyPerSecond(int seconds, bool pss)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        using var rsa = RSA.Create(2048);
        var digest = SHA256.HashData("Credentials PSS baseline"u8);
        var signature = rsa.SignHash(digest, HashAlgorithmName.SHA256, pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
        var spki = rsa.ExportSubjectPublicKeyInfo();
        IntPtr key;
        IntPtr context;
        try
        {
            var handle = GCHandle.Alloc(spki, GCHandleType.Pinned);
            try
            {
                var cursor = handle.AddrOfPinnedObject();
                key = NativeMethods.d2i_PUBKEY(IntPtr.Zero, ref cursor, spki.Length);
            }
            finally
            {
                handle.Free();
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }

        if (key == IntPtr.Zero)
        {
            return null;
        }

        context = NativeMethods.EVP_PKEY_CTX_new(key, IntPtr.Zero);
        try
        {
            var sha256 = NativeMethods.EVP_get_digestbyname("SHA256");
            var prepared = context != IntPtr.Zero
                && NativeMethods.EVP_PKEY_verify_init(context) == 1
                && NativeMethods.EVP_PKEY_CTX_set_rsa_padding(context, pss ? RsaPssPadding : RsaPkcs1Padding) > 0
                && NativeMethods.EVP_PKEY_CTX_set_signature_md(context, sha256) > 0
                && (!pss || (NativeMethods.EVP_PKEY_CTX_set_rsa_mgf1_md(context, sha256) > 0
                    && NativeMethods.EVP_PKEY_CTX_set_rsa_pss_saltlen(context, digest.Length) > 0));
            if (!prepared || Verify(context, signature, digest) != 1)
            {
                return null;
            }

            // A short warm-up, then the measured loop; every verification must succeed.
            Run(context, signature, digest, TimeSpan.FromMilliseconds(200));
            using var process = Process.GetCurrentProcess();
            var cpuStart = process.TotalProcessorTime;
            var count = Run(context, signature, digest, TimeSpan.FromSeconds(seconds));
            process.Refresh();
            return count < 0 ? null : count / (process.TotalProcessorTime - cpuStart).TotalSeconds;
        }
        finally
        {
            if (context != IntPtr.Zero)
            {
                NativeMethods.EVP_PKEY_CTX_free(context);
            }

            NativeMethods.EVP_PKEY_free(key);
        }
    }

    // Verifications done in the given time, or -1 when one failed.
    private static long Run(IntPtr context, byte[] signature, byte[] digest, TimeSpan limit)
    {
        var count = 0L;
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < limit)
        {
            for (var i = 0; i < 16; i++)
            {
                if (Verify(context, signature, digest) != 1)
                {
                    return -1;
                }
            }

            count += 16;
        }

        return count;
    }

    private static int Verify(IntPtr context, byte[] signature, byte[] digest) =>
        NativeMethods.EVP_PKEY_verify(context, ref signature[0], (nuint)signature.Length, ref digest[0], (nuint)digest.Length);

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054, CA5392, CA2101 // classic P/Invoke as in Credentials.Icao9303's OpenSslVerifyContext: no unsafe code in the bench.
        [DllImport(LibCrypto)]
        public static extern IntPtr d2i_PUBKEY(IntPtr a, ref IntPtr pp, long length);

        [DllImport(LibCrypto)]
        public static extern void EVP_PKEY_free(IntPtr key);

        [DllImport(LibCrypto)]
        public static extern IntPtr EVP_PKEY_CTX_new(IntPtr key, IntPtr engine);

        [DllImport(LibCrypto)]
        public static extern void EVP_PKEY_CTX_free(IntPtr context);

        [DllImport(LibCrypto)]
        public static extern int EVP_PKEY_verify_init(IntPtr context);

        [DllImport(LibCrypto)]
        public static extern int EVP_PKEY_verify(IntPtr context, ref byte signature, nuint signatureLength, ref byte digest, nuint digestLength);

        [DllImport(LibCrypto)]
        public static extern int EVP_PKEY_CTX_set_rsa_padding(IntPtr context, int padding);

        [DllImport(LibCrypto)]
        public static extern int EVP_PKEY_CTX_set_signature_md(IntPtr context, IntPtr md);

        [DllImport(LibCrypto)]
        public static extern int EVP_PKEY_CTX_set_rsa_mgf1_md(IntPtr context, IntPtr md);

        [DllImport(LibCrypto)]
        public static extern int EVP_PKEY_CTX_set_rsa_pss_saltlen(IntPtr context, int length);

        [DllImport(LibCrypto, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern IntPtr EVP_get_digestbyname(string name);
#pragma warning restore SYSLIB1054, CA5392, CA2101
    }
}
