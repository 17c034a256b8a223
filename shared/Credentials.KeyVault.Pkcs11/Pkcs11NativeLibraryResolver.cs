using System.Reflection;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Credentials.KeyVault.Pkcs11;

/// <summary>
/// Pkcs11Interop 5.3.0 P/Invokes "libdl", which Debian 12 only ships as libdl.so.2 (INFRA.md). A resolver for the
/// Pkcs11Interop assembly maps the name; .NET allows one resolver per assembly per process, so it is set once.
/// </summary>
internal static class Pkcs11NativeLibraryResolver
{
    private static readonly Lock Gate = new();
    private static bool _registered;

    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            try
            {
                NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, Resolve);
            }
            catch (InvalidOperationException)
            {
                // Another component of the process already set a resolver for Pkcs11Interop; keep it.
            }

            _registered = true;
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (string.Equals(libraryName, "libdl", StringComparison.Ordinal) && OperatingSystem.IsLinux()
            && NativeLibrary.TryLoad("libdl.so.2", out var handle))
        {
            return handle;
        }

        return IntPtr.Zero;
    }
}
