using System.Runtime.InteropServices;

namespace Credentials.Icao9303.Crypto;

/// <summary>
/// Fast verification through OpenSSL 3 (libcrypto, which .NET itself uses on Linux) with the key parsed once and
/// prepared <c>EVP_PKEY_CTX</c>s per signature algorithm kept for the key's lifetime. .NET's own verify path re-creates
/// the OpenSSL context on every call, which costs several times the verification itself on OpenSSL 3. A context is
/// used by one thread at a time: concurrent verifications under the same key (one DSC, many documents) each rent one
/// from a small pool, so they run in parallel instead of queueing on one context. Each context holds its own
/// reference to the key (OpenSSL counts them), so disposing while a verification runs is safe.
/// Only used on Linux; any failure to load the library or the key falls back to the managed path, so results never
/// depend on this class being available. Not for ECDSA-plain or SHA-224 (handled by the caller's fallback).
/// </summary>
internal sealed class OpenSslVerifyContext : IDisposable
{
    private const string LibCrypto = "libcrypto.so.3";
    private const int RsaPkcs1Padding = 1;
    private const int RsaPssPadding = 6;

    private static readonly Lazy<bool> Available = new(Probe);

    // Idle contexts kept per algorithm; more are created on demand and freed on return beyond this many.
    private static readonly int MaxIdlePerAlgorithm = Math.Max(2, Environment.ProcessorCount * 2);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Stack<IntPtr>> _idle = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unsupported = new(StringComparer.Ordinal);
    private IntPtr _key;

    private OpenSslVerifyContext(IntPtr key)
    {
        _key = key;
    }

    /// <summary>Parses a SubjectPublicKeyInfo with <c>d2i_PUBKEY</c>; null when OpenSSL is unavailable or refuses the key.</summary>
    public static OpenSslVerifyContext? TryCreate(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        if (!OperatingSystem.IsLinux() || !Available.Value)
        {
            return null;
        }

        var copy = subjectPublicKeyInfo.ToArray();
        var handle = GCHandle.Alloc(copy, GCHandleType.Pinned);
        try
        {
            var cursor = handle.AddrOfPinnedObject();
            var key = NativeMethods.d2i_PUBKEY(IntPtr.Zero, ref cursor, copy.Length);
            if (key == IntPtr.Zero)
            {
                NativeMethods.ERR_clear_error();
                return null;
            }

            return new OpenSslVerifyContext(key);
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>Verifies a signature over a digest; null when this path cannot handle the algorithm (use the fallback).</summary>
    public bool? VerifyDigest(SignatureAlgorithm algorithm, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        if (digest.IsEmpty || signature.IsEmpty)
        {
            return null;
        }

        var name = algorithm.Name;
        var context = Rent(algorithm, name);
        if (context == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            // The spans are pinned for the call (blittable by-ref arguments); OpenSSL only reads them.
            var result = NativeMethods.EVP_PKEY_verify(
                context, ref MemoryMarshal.GetReference(signature), (nuint)signature.Length, ref MemoryMarshal.GetReference(digest), (nuint)digest.Length);
            if (result != 1)
            {
                NativeMethods.ERR_clear_error();
            }

            return result == 1;
        }
        finally
        {
            Return(name, context);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var pool in _idle.Values)
            {
                while (pool.TryPop(out var context))
                {
                    NativeMethods.EVP_PKEY_CTX_free(context);
                }
            }

            _idle.Clear();
            if (_key != IntPtr.Zero)
            {
                NativeMethods.EVP_PKEY_free(_key);
                _key = IntPtr.Zero;
            }
        }
    }

    private static bool Probe()
    {
        try
        {
            NativeMethods.ERR_clear_error();
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    private static string DigestName(string oid) => oid switch
    {
        Oids.Sha1 => "SHA1",
        Oids.Sha256 => "SHA256",
        Oids.Sha384 => "SHA384",
        Oids.Sha512 => "SHA512",
        _ => string.Empty,
    };

    /// <summary>An idle prepared context for the algorithm, or a new one; zero when disposed or unsupported.</summary>
    private IntPtr Rent(SignatureAlgorithm algorithm, string name)
    {
        lock (_lock)
        {
            if (_key == IntPtr.Zero || _unsupported.Contains(name))
            {
                return IntPtr.Zero;
            }

            if (_idle.TryGetValue(name, out var pool) && pool.TryPop(out var idle))
            {
                return idle;
            }

            var created = Create(algorithm);
            if (created == IntPtr.Zero)
            {
                _unsupported.Add(name);
            }

            return created;
        }
    }

    /// <summary>Puts a context back, or frees it when the pool is full or the key was disposed meanwhile.</summary>
    private void Return(string name, IntPtr context)
    {
        lock (_lock)
        {
            if (_key != IntPtr.Zero)
            {
                if (!_idle.TryGetValue(name, out var pool))
                {
                    pool = new Stack<IntPtr>();
                    _idle[name] = pool;
                }

                if (pool.Count < MaxIdlePerAlgorithm)
                {
                    pool.Push(context);
                    return;
                }
            }
        }

        NativeMethods.EVP_PKEY_CTX_free(context);
    }

    /// <summary>A context prepared for verification with the algorithm (called under the lock); zero when OpenSSL refuses.</summary>
    private IntPtr Create(SignatureAlgorithm algorithm)
    {
        var context = NativeMethods.EVP_PKEY_CTX_new(_key, IntPtr.Zero);
        var ok = context != IntPtr.Zero && NativeMethods.EVP_PKEY_verify_init(context) == 1;
        if (ok && algorithm.Scheme is SignatureScheme.RsaPkcs1 or SignatureScheme.RsaPss)
        {
            var md = NativeMethods.EVP_get_digestbyname(DigestName(algorithm.DigestOid));
            ok = md != IntPtr.Zero
                && NativeMethods.EVP_PKEY_CTX_set_rsa_padding(context, algorithm.Scheme == SignatureScheme.RsaPss ? RsaPssPadding : RsaPkcs1Padding) > 0
                && NativeMethods.EVP_PKEY_CTX_set_signature_md(context, md) > 0;
            if (ok && algorithm.Scheme == SignatureScheme.RsaPss)
            {
                var mgf = NativeMethods.EVP_get_digestbyname(DigestName(algorithm.MgfDigestOid));
                ok = mgf != IntPtr.Zero
                    && NativeMethods.EVP_PKEY_CTX_set_rsa_mgf1_md(context, mgf) > 0
                    && NativeMethods.EVP_PKEY_CTX_set_rsa_pss_saltlen(context, algorithm.SaltLength) > 0;
            }
        }

        if (!ok)
        {
            if (context != IntPtr.Zero)
            {
                NativeMethods.EVP_PKEY_CTX_free(context);
            }

            NativeMethods.ERR_clear_error();
            context = IntPtr.Zero;
        }

        return context;
    }

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054, CA5392, CA2101 // classic P/Invoke keeps the library free of unsafe code; libcrypto is the system library .NET already loads.
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

        [DllImport(LibCrypto)]
        public static extern void ERR_clear_error();
#pragma warning restore SYSLIB1054, CA5392, CA2101
    }
}
