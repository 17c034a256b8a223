using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

[assembly: AssemblyFixture(typeof(Credentials.IntegrationTests.Stack.SoftHsmFixture))]

namespace Credentials.IntegrationTests.Stack;

/// <summary>
/// The stack's PKCS#11 module (SoftHSM2), loaded once for the whole test assembly: a PKCS#11 library is initialised
/// once per process and a token is logged in once per process (a second C_Login answers CKR_USER_ALREADY_LOGGED_IN),
/// so every integration test that needs the HSM takes this fixture (constructor injection) instead of loading the
/// module itself. Tokens are found by label; their slot ids change at every init (INFRA.md).
/// </summary>
public sealed class SoftHsmFixture : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ISession> _loginSessions = new(StringComparer.Ordinal);
    private IPkcs11Library? _library;
    private bool _disposed;

    public Pkcs11InteropFactories Factories { get; } = new();

    /// <summary>
    /// Opens a read-write session on the token labelled <paramref name="tokenLabel"/>, logged in as the user
    /// (the login is made once per token and held by a session the fixture keeps open). Dispose the session.
    /// </summary>
    public ISession OpenUserSession(StackEnvironment stack, string tokenLabel)
    {
        ArgumentNullException.ThrowIfNull(stack);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var slot = FindSlot(stack, tokenLabel);
            if (!_loginSessions.ContainsKey(tokenLabel))
            {
                var loginSession = slot.OpenSession(SessionType.ReadWrite);
                try
                {
                    loginSession.Login(CKU.CKU_USER, stack.Pkcs11UserPin);
                }
                catch
                {
                    loginSession.Dispose();
                    throw;
                }

                _loginSessions.Add(tokenLabel, loginSession);
            }

            return slot.OpenSession(SessionType.ReadWrite);
        }
    }

    /// <summary>The labels of the initialised tokens the module reports.</summary>
    public IReadOnlyList<string> TokenLabels(StackEnvironment stack)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Library(stack).GetSlotList(SlotsType.WithTokenPresent)
                .Select(slot => slot.GetTokenInfo())
                .Where(token => token.TokenFlags.TokenInitialized)
                .Select(token => token.Label.Trim())
                .ToArray();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var session in _loginSessions.Values)
            {
                try
                {
                    session.Logout();
                    session.Dispose();
                }
                catch (Pkcs11Exception)
                {
                    // The key vault under test shares the module in this process and may already have finalised it
                    // (C_Finalize closes every session); there is nothing left to log out of.
                }
            }

            _loginSessions.Clear();
            try
            {
                _library?.Dispose();
            }
            catch (Pkcs11Exception)
            {
                // Already finalised by the key vault, see above.
            }
        }
    }

    private ISlot FindSlot(StackEnvironment stack, string tokenLabel)
    {
        var slots = Library(stack).GetSlotList(SlotsType.WithTokenPresent)
            .Where(slot => string.Equals(slot.GetTokenInfo().Label.Trim(), tokenLabel, StringComparison.Ordinal))
            .ToArray();
        return slots.Length == 1
            ? slots[0]
            : throw new InvalidOperationException($"expected one PKCS#11 token labelled '{tokenLabel}', found {slots.Length}");
    }

    private IPkcs11Library Library(StackEnvironment stack)
    {
        if (_library is not null)
        {
            return _library;
        }

        // SoftHSM2 reads SOFTHSM2_CONF with getenv: it must come from the environment the test host started with.
        if (!string.Equals(Environment.GetEnvironmentVariable("SOFTHSM2_CONF"), stack.SoftHsmConfigurationPath, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("SOFTHSM2_CONF is not set in the test process environment: source stack.env before starting the tests");
        }

        Pkcs11InteropNativeResolver.EnsureRegistered();
        _library = Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, stack.Pkcs11ModulePath, AppType.MultiThreaded);
        return _library;
    }

    /// <summary>
    /// Pkcs11Interop 5.3.0 P/Invokes "libdl", which Debian 12 only ships as libdl.so.2 (INFRA.md): map it once per
    /// process. A resolver can be set only once per assembly; another component having set it is fine.
    /// </summary>
    private static class Pkcs11InteropNativeResolver
    {
        private static readonly Lazy<bool> Registration = new(Register, LazyThreadSafetyMode.ExecutionAndPublication);

        public static void EnsureRegistered() => _ = Registration.Value;

        private static bool Register()
        {
            try
            {
                NativeLibrary.SetDllImportResolver(
                    typeof(Pkcs11InteropFactories).Assembly,
                    (name, _, _) => name == "libdl" ? NativeLibrary.Load("libdl.so.2") : IntPtr.Zero);
                return true;
            }
            catch (InvalidOperationException)
            {
                // Already registered by someone else in this process.
                return false;
            }
        }
    }
}
