using Net.Pkcs11Interop.HighLevelAPI;

namespace Credentials.KeyVault.Pkcs11;

/// <summary>A client's hold on a module, a token login and its session pool.</summary>
internal sealed class Pkcs11Connection : IDisposable
{
    private readonly Pkcs11TokenLogin _login;
    private bool _disposed;

    private Pkcs11Connection(Pkcs11Module module, ISlot slot, Pkcs11TokenLogin login, Pkcs11SessionPool pool, string tokenLabel)
    {
        Module = module;
        Slot = slot;
        _login = login;
        Pool = pool;
        TokenLabel = tokenLabel;
    }

    public Pkcs11Module Module { get; }

    public ISlot Slot { get; }

    public Pkcs11SessionPool Pool { get; }

    public string TokenLabel { get; }

    public static Pkcs11Connection Open(KeyVaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var pin = KeyVaultPin.Read(options);
        var module = Pkcs11ModuleRegistry.Acquire(options.ModulePath);
        Pkcs11TokenLogin? login = null;
        try
        {
            var slot = module.FindSlot(options.TokenLabel);
            login = module.Login(slot, options.TokenLabel, pin);
            var pool = new Pkcs11SessionPool(slot, options.MaxSessions, options.SessionWaitTimeout);
            return new Pkcs11Connection(module, slot, login, pool, options.TokenLabel);
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
        Module.Release(_login);
        Pkcs11ModuleRegistry.Release(Module);
    }
}
