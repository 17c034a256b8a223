using Net.Pkcs11Interop.HighLevelAPI;

namespace Credentials.KeyVault.Pkcs11;

/// <summary>A client's hold on a module, a token login and its session pool.</summary>
internal sealed class Pkcs11Connection : IDisposable
{
    private readonly Pkcs11TokenLogin _login;
    private bool _disposed;

    private Pkcs11Connection(Pkcs11Module module, int generation, ISlot slot, Pkcs11TokenLogin login, Pkcs11SessionPool pool, string tokenLabel)
    {
        Module = module;
        Generation = generation;
        Slot = slot;
        _login = login;
        Pool = pool;
        TokenLabel = tokenLabel;
    }

    public Pkcs11Module Module { get; }

    /// <summary>The module initialisation this connection's login and sessions belong to.</summary>
    public int Generation { get; }

    /// <summary>False once the module was re-initialised (by this client or another one in the process).</summary>
    public bool IsCurrent => Module.Generation == Generation;

    public ISlot Slot { get; }

    public Pkcs11SessionPool Pool { get; }

    public string TokenLabel { get; }

    /// <summary>
    /// Finds the token, logs in and makes a session pool. With <paramref name="reinitialize"/>, first re-initialises
    /// the module (C_Finalize + C_Initialize) so it reads its token store again — the recovery path.
    /// </summary>
    public static Pkcs11Connection Open(KeyVaultOptions options, bool reinitialize = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var pin = KeyVaultPin.Read(options);
        var module = Pkcs11ModuleRegistry.Acquire(options.ModulePath);
        Pkcs11TokenLogin? login = null;
        try
        {
            if (reinitialize)
            {
                module.Reinitialize(module.Generation);
            }

            var generation = module.Generation;
            if (!module.TryEnter(generation))
            {
                throw new KeyVaultException(KeyVaultErrorReason.TokenUnavailable, $"The PKCS#11 module '{module.Path}' is being re-initialised.");
            }

            try
            {
                var slot = module.FindSlot(options.TokenLabel);
                login = module.Login(slot, options.TokenLabel, pin);
                var pool = new Pkcs11SessionPool(module, generation, slot, options.MaxSessions, options.SessionWaitTimeout);
                return new Pkcs11Connection(module, generation, slot, login, pool, options.TokenLabel);
            }
            finally
            {
                module.Exit();
            }
        }
        catch
        {
            if (login is not null)
            {
                module.Release(login);
            }

            Pkcs11ModuleRegistry.Release(module);
            throw;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Pool.Dispose();
        if (Module.TryEnter(Generation))
        {
            try
            {
                Module.Release(_login);
            }
            finally
            {
                Module.Exit();
            }
        }

        Pkcs11ModuleRegistry.Release(Module);
    }
}
