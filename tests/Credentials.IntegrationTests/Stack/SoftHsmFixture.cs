using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

[assembly: AssemblyFixture(typeof(Credentials.IntegrationTests.Stack.SoftHsmFixture))]

namespace Credentials.IntegrationTests.Stack;

/// <summary>
/// The stack's PKCS#11 module (SoftHSM2), loaded once for the whole test assembly from a private copy of the module
/// file: a PKCS#11 library is initialised once per process and a token is logged in once per process (a second C_Login
/// answers CKR_USER_ALREADY_LOGGED_IN), so every integration test that needs the HSM directly takes this fixture
/// (constructor injection) instead of loading the module itself, and the copy keeps its state apart from the key-vault
/// clients under test. Tokens are found by label; their slot ids change at every init (INFRA.md).
/// </summary>
public sealed class SoftHsmFixture : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ISession> _loginSessions = new(StringComparer.Ordinal);
    private IPkcs11Library? _library;
    private string? _moduleCopy;
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
                catch (Pkcs11Exception exception) when (exception.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
                {
                    // A key-vault client in this process logged the token in first: the login is per token and
                    // process (PKCS#11 v2.40 §5.6), so this session is logged in too.
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
                // Already finalised, see above.
            }

            if (_moduleCopy is not null)
            {
                Directory.Delete(Path.GetDirectoryName(_moduleCopy)!, recursive: true);
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

        // A private copy of the module file is a separate module instance in this process: its initialisation and login
        // state are its own, so the key-vault clients under test (which finalise or re-initialise the stack's module
        // when their last client goes or they recover a lost token) never end the fixture's sessions, and vice versa.
        Pkcs11InteropNativeResolver.EnsureRegistered();
        _moduleCopy = Path.Combine(Directory.CreateTempSubdirectory("cred-softhsm-fixture-").FullName, Path.GetFileName(stack.Pkcs11ModulePath));
        File.Copy(stack.Pkcs11ModulePath, _moduleCopy);
        _library = Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, _moduleCopy, AppType.MultiThreaded);
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
