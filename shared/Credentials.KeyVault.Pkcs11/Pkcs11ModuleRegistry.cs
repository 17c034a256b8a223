namespace Credentials.KeyVault.Pkcs11;

/// <summary>
/// The process-wide table of loaded PKCS#11 modules. C_Initialize and C_Login are process-global in PKCS#11 (a
/// second C_Initialize fails with CKR_CRYPTOKI_ALREADY_INITIALIZED, a second login with CKR_USER_ALREADY_LOGGED_IN),
/// so every client in the process shares one <see cref="Pkcs11Module"/> per module path, reference counted. This is
/// the one piece of static mutable state in the vault, and it mirrors state the native library already keeps.
/// </summary>
internal static class Pkcs11ModuleRegistry
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, Pkcs11Module> Modules = new(StringComparer.Ordinal);

    /// <summary>Loads and initialises the module at <paramref name="modulePath"/> once, and takes a reference to it.</summary>
    public static Pkcs11Module Acquire(string modulePath)
    {
        var fullPath = Path.GetFullPath(modulePath);
        lock (Gate)
        {
            if (!Modules.TryGetValue(fullPath, out var module))
            {
                module = Pkcs11Module.Load(fullPath);
                Modules.Add(fullPath, module);
            }

            module.References++;
            return module;
        }
    }

    /// <summary>Drops a reference; the last one finalises and unloads the module.</summary>
    public static void Release(Pkcs11Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        lock (Gate)
        {
            module.References--;
            if (module.References == 0)
            {
                Modules.Remove(module.Path);
                module.Dispose();
            }
        }
    }
}
