using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Credentials.KeyVault.Pkcs11;

/// <summary>
/// One loaded and initialised PKCS#11 module (C_Initialize with OS locking, for multi-threaded use) and the user
/// logins this process holds on its tokens. Only <see cref="Pkcs11ModuleRegistry"/> creates and unloads it.
/// </summary>
internal sealed class Pkcs11Module
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, Pkcs11TokenLogin> _logins = [];
    private readonly IPkcs11Library _library;

    private Pkcs11Module(string path, Pkcs11InteropFactories factories, IPkcs11Library library)
    {
        Path = path;
        Factories = factories;
        _library = library;
    }

    public string Path { get; }

    public Pkcs11InteropFactories Factories { get; }

    /// <summary>Clients holding this module; guarded by the registry's lock.</summary>
    internal int References { get; set; }

    public static Pkcs11Module Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new KeyVaultException(KeyVaultErrorReason.ModuleUnavailable, $"The PKCS#11 module '{path}' does not exist.");
        }

        Pkcs11NativeLibraryResolver.EnsureRegistered();
        var factories = new Pkcs11InteropFactories();
        try
        {
            var library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, path, AppType.MultiThreaded);
            return new Pkcs11Module(path, factories, library);
        }
        catch (Pkcs11Exception ex)
        {
            throw new KeyVaultException(KeyVaultErrorReason.ModuleUnavailable, $"Initialising the PKCS#11 module '{path}' failed: {ex.RV}.", ex);
        }
        catch (Exception ex) when (ex is DllNotFoundException or UnmanagedException or BadImageFormatException or EntryPointNotFoundException)
        {
            throw new KeyVaultException(KeyVaultErrorReason.ModuleUnavailable, $"The PKCS#11 module '{path}' could not be loaded: {ex.Message}", ex);
        }
    }

    /// <summary>The slot holding the initialised token labelled <paramref name="tokenLabel"/>.</summary>
    public ISlot FindSlot(string tokenLabel)
    {
        List<ISlot> slots;
        try
        {
            slots = _library.GetSlotList(SlotsType.WithTokenPresent);
        }
        catch (Pkcs11Exception ex)
        {
            throw Pkcs11Errors.Map(ex, "Listing the PKCS#11 slots");
        }

        var matches = new List<ISlot>();
        var present = new List<string>();
        foreach (var slot in slots)
        {
            var label = slot.GetTokenInfo().Label.TrimEnd(' ', '\0');
            present.Add(label);
            if (string.Equals(label, tokenLabel, StringComparison.Ordinal))
            {
                matches.Add(slot);
            }
        }

        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new KeyVaultException(
                KeyVaultErrorReason.TokenNotFound,
                $"No token labelled '{tokenLabel}' is present in PKCS#11 module '{Path}' (tokens present: {(present.Count == 0 ? "none" : string.Join(", ", present.Select(p => $"'{p}'")))}). For SoftHSM2, check that SOFTHSM2_CONF was set in the environment before the process started."),
            _ => throw new KeyVaultException(
                KeyVaultErrorReason.Configuration,
                $"{matches.Count} tokens are labelled '{tokenLabel}' in PKCS#11 module '{Path}'; token labels must be unique."),
        };
    }

    /// <summary>
    /// Logs the process in as user on the token in <paramref name="slot"/>, once: later callers share the login, and
    /// must present the same PIN (a different one is refused as incorrect without another attempt on the token).
    /// </summary>
    public Pkcs11TokenLogin Login(ISlot slot, string tokenLabel, KeyVaultPin pin)
    {
        var fingerprint = pin.Fingerprint();
        lock (_gate)
        {
            if (_logins.TryGetValue(slot.SlotId, out var existing))
            {
                if (!CryptographicOperations.FixedTimeEquals(existing.PinFingerprint, fingerprint))
                {
                    throw new KeyVaultException(
                        KeyVaultErrorReason.PinIncorrect,
                        $"Login to token '{tokenLabel}': the PIN differs from the one this process is already logged in with; it is incorrect.");
                }

                existing.References++;
                return existing;
            }

            ISession session;
            try
            {
                session = slot.OpenSession(SessionType.ReadWrite);
            }
            catch (Pkcs11Exception ex)
            {
                throw Pkcs11Errors.Map(ex, $"Opening a session on token '{tokenLabel}'");
            }

            try
            {
                session.Login(CKU.CKU_USER, pin.Value);
            }
            catch (Pkcs11Exception ex) when (ex.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
            {
                // Logged in by code outside this registry in the same process; the login is shared either way.
            }
            catch (Pkcs11Exception ex)
            {
                session.Dispose();
                throw Pkcs11Errors.Map(ex, $"Login to token '{tokenLabel}'");
            }

            var login = new Pkcs11TokenLogin(this, slot.SlotId, session, fingerprint) { References = 1 };
            _logins.Add(slot.SlotId, login);
            return login;
        }
    }

    /// <summary>Drops a reference to a login; the last one logs out and closes the login session.</summary>
    public void Release(Pkcs11TokenLogin login)
    {
        lock (_gate)
        {
            login.References--;
            if (login.References > 0)
            {
                return;
            }

            _logins.Remove(login.SlotId);
            try
            {
                login.Session.Logout();
            }
            catch (Pkcs11Exception)
            {
                // Closing the last session logs out anyway.
            }

            login.Session.Dispose();
        }
    }

    /// <summary>C_Finalize and unload; called by the registry when the last client is gone.</summary>
    internal void Unload()
    {
        lock (_gate)
        {
            foreach (var login in _logins.Values)
            {
                login.Session.Dispose();
            }

            _logins.Clear();
        }

        _library.Dispose();
    }
}
