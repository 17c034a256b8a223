using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Credentials.KeyVault.Pkcs11;

/// <summary>
/// One loaded and initialised PKCS#11 module (C_Initialize with OS locking, for multi-threaded use) and the user
/// logins this process holds on its tokens. Only <see cref="Pkcs11ModuleRegistry"/> creates and unloads it.
/// <para>
/// Many modules (SoftHSM2 among them) read their token store only at C_Initialize, so a token that went away and came
/// back is only seen again after C_Finalize + C_Initialize (<see cref="Reinitialize"/>). That ends every session and
/// login of the process on the module, so each initialisation is a <see cref="Generation"/>: token calls run inside
/// <see cref="TryEnter"/>/<see cref="Exit"/> for the generation their sessions belong to, and re-initialising waits
/// until no call is inside. Sessions of an old generation are dropped without a native call (their handles may name
/// sessions of the new one).
/// </para>
/// </summary>
internal sealed class Pkcs11Module : IDisposable
{
    private readonly Lock _gate = new();
    private readonly ReaderWriterLockSlim _use = new(LockRecursionPolicy.SupportsRecursion);
    private readonly Dictionary<ulong, Pkcs11TokenLogin> _logins = [];
    private readonly IntPtr _pin;
    private IPkcs11Library? _library;
    private volatile int _generation;

    private Pkcs11Module(string path, Pkcs11InteropFactories factories, IPkcs11Library library, IntPtr pin)
    {
        Path = path;
        Factories = factories;
        _library = library;
        _pin = pin;
    }

    /// <summary>Counts initialisations of the module; a connection is only valid for the generation it was opened in.</summary>
    public int Generation => _generation;

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
        var pin = IntPtr.Zero;
        try
        {
            // An extra reference keeps the module mapped across re-initialisations (Pkcs11Interop unloads on dispose).
            pin = NativeLibrary.Load(path);
            var library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, path, AppType.MultiThreaded);
            return new Pkcs11Module(path, factories, library, pin);
        }
        catch (Exception) when (FreePin(pin))
        {
            throw;
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

    /// <summary>
    /// Enters a token call for sessions of <paramref name="generation"/>; false (and not entered) when the module was
    /// re-initialised since. Pair a true result with <see cref="Exit"/> on the same thread.
    /// </summary>
    public bool TryEnter(int generation)
    {
        _use.EnterReadLock();
        if (_generation == generation && _library is not null)
        {
            return true;
        }

        _use.ExitReadLock();
        return false;
    }

    /// <summary>Leaves a token call entered with <see cref="TryEnter"/>.</summary>
    public void Exit() => _use.ExitReadLock();

    /// <summary>
    /// C_Finalize and C_Initialize the module, unless it was already re-initialised after
    /// <paramref name="observedGeneration"/> (so concurrent recoveries re-initialise once). Waits for calls in flight;
    /// every login and session of the process on this module ends. Throws <see cref="KeyVaultException"/>
    /// (<see cref="KeyVaultErrorReason.TokenUnavailable"/>) when the module cannot be initialised again; the next call
    /// tries again.
    /// </summary>
    public void Reinitialize(int observedGeneration)
    {
        _use.EnterWriteLock();
        try
        {
            if (_generation != observedGeneration && _library is not null)
            {
                return;
            }

            lock (_gate)
            {
                foreach (var login in _logins.Values)
                {
                    Abandon(login.Session);
                }

                _logins.Clear();
            }

            var old = _library;
            _library = null;
            _generation++;
            old?.Dispose();
            try
            {
                _library = Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, Path, AppType.MultiThreaded);
            }
            catch (Pkcs11Exception ex)
            {
                throw new KeyVaultException(KeyVaultErrorReason.TokenUnavailable, $"Re-initialising the PKCS#11 module '{Path}' failed: {ex.RV}.", ex);
            }
        }
        finally
        {
            _use.ExitWriteLock();
        }
    }

    /// <summary>Drops a session of an old generation without C_CloseSession (C_Finalize closed it already).</summary>
    public static void Abandon(ISession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        try
        {
            switch (session)
            {
                case Net.Pkcs11Interop.HighLevelAPI80.Session s80:
                    s80.CloseWhenDisposed = false;
                    break;
                case Net.Pkcs11Interop.HighLevelAPI81.Session s81:
                    s81.CloseWhenDisposed = false;
                    break;
                case Net.Pkcs11Interop.HighLevelAPI40.Session s40:
                    s40.CloseWhenDisposed = false;
                    break;
                case Net.Pkcs11Interop.HighLevelAPI41.Session s41:
                    s41.CloseWhenDisposed = false;
                    break;
                default:
                    // Unknown implementation: drop it undisposed (the finalizer of Pkcs11Interop sessions never closes).
                    return;
            }
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        session.Dispose();
    }

    /// <summary>The slot holding the initialised token labelled <paramref name="tokenLabel"/>.</summary>
    public ISlot FindSlot(string tokenLabel)
    {
        List<ISlot> slots;
        try
        {
            var library = _library ?? throw new KeyVaultException(
                KeyVaultErrorReason.TokenUnavailable, $"The PKCS#11 module '{Path}' is not initialised (its last re-initialisation failed).");
            slots = library.GetSlotList(SlotsType.WithTokenPresent);
        }
        catch (Pkcs11Exception ex)
        {
            throw Pkcs11Errors.Map(ex, "Listing the PKCS#11 slots");
        }

        var matches = new List<ISlot>();
        var present = new List<string>();
        foreach (var slot in slots)
        {
            string label;
            try
            {
                label = slot.GetTokenInfo().Label.TrimEnd(' ', '\0');
            }
            catch (Pkcs11Exception ex)
            {
                // Another token that cannot be read right now (e.g. removed since C_Initialize) is not ours to fail on.
                present.Add($"<slot {slot.SlotId}: {ex.RV}>");
                continue;
            }

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
            if (!_logins.TryGetValue(login.SlotId, out var current) || !ReferenceEquals(current, login))
            {
                // A login of an earlier generation: re-initialising the module ended it already.
                return;
            }

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
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var login in _logins.Values)
            {
                login.Session.Dispose();
            }

            _logins.Clear();
        }

        _library?.Dispose();
        _library = null;
        NativeLibrary.Free(_pin);
        _use.Dispose();
    }

    private static bool FreePin(IntPtr pin)
    {
        if (pin != IntPtr.Zero)
        {
            NativeLibrary.Free(pin);
        }

        return false;
    }
}
