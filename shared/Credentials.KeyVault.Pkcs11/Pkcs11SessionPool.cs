using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Credentials.KeyVault.Pkcs11;

/// <summary>
/// Read-write sessions on one token, one per concurrent operation: a session is handed to one caller at a time and
/// never shared across threads. At most <c>maxSessions</c> are open; further callers wait (asynchronously) for one.
/// A session that saw a session-breaking error is closed instead of returned. The sessions belong to one
/// <see cref="Pkcs11Module.Generation"/>: once the module is re-initialised, every call fails with
/// <see cref="KeyVaultErrorReason.TokenUnavailable"/> and disposing drops the sessions without native calls.
/// </summary>
internal sealed class Pkcs11SessionPool : IDisposable
{
    private readonly Pkcs11Module _module;
    private readonly int _generation;
    private readonly ISlot _slot;
    private readonly SemaphoreSlim _permits;
    private readonly ConcurrentStack<ISession> _idle = new();
    private readonly TimeSpan _waitTimeout;
    private readonly int _maxSessions;
    private int _open;
    private volatile bool _disposed;

    public Pkcs11SessionPool(Pkcs11Module module, int generation, ISlot slot, int maxSessions, TimeSpan waitTimeout)
    {
        _module = module;
        _generation = generation;
        _slot = slot;
        _maxSessions = maxSessions;
        _waitTimeout = waitTimeout;
        _permits = new SemaphoreSlim(maxSessions, maxSessions);
    }

    public int OpenSessions => Volatile.Read(ref _open);

    public int IdleSessions => _idle.Count;

    public int MaxSessions => _maxSessions;

    /// <summary>False once the module was re-initialised: the sessions are gone and the pool must be replaced.</summary>
    public bool IsCurrent => _module.Generation == _generation;

    /// <summary>Runs <paramref name="operation"/> on a session of its own and returns the session to the pool.</summary>
    [SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "The session goes back to the pool, or is closed, in the finally block.")]
    public async ValueTask<T> RunAsync<T>(Func<ISession, T> operation, string operationName, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_permits.Wait(0, cancellationToken))
        {
            if (!await _permits.WaitAsync(_waitTimeout, cancellationToken).ConfigureAwait(false))
            {
                throw new KeyVaultException(
                    KeyVaultErrorReason.DeviceError,
                    $"{operationName}: no PKCS#11 session became free within {_waitTimeout.TotalSeconds:0.#} s ({_maxSessions} in use).");
            }
        }

        if (!_module.TryEnter(_generation))
        {
            _permits.Release();
            throw new KeyVaultException(
                KeyVaultErrorReason.TokenUnavailable, $"{operationName}: the PKCS#11 module was re-initialised; this connection's sessions are gone.");
        }

        ISession? session = null;
        var broken = false;
        try
        {
            session = Take(operationName);
            return operation(session);
        }
        catch (Pkcs11Exception ex)
        {
            broken = Pkcs11Errors.BreaksSession(ex.RV);
            throw Pkcs11Errors.Map(ex, operationName);
        }
        finally
        {
            if (session is not null)
            {
                Return(session, broken);
            }

            _module.Exit();
            _permits.Release();
        }
    }

    [SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "Sessions of an old module generation are abandoned: C_Finalize closed them.")]
    public void Dispose()
    {
        _disposed = true;
        if (_module.TryEnter(_generation))
        {
            try
            {
                while (_idle.TryPop(out var session))
                {
                    Close(session);
                }
            }
            finally
            {
                _module.Exit();
            }

            return;
        }

        while (_idle.TryPop(out var session))
        {
            Interlocked.Decrement(ref _open);
            Pkcs11Module.Abandon(session);
        }
    }

    private ISession Take(string operationName)
    {
        if (_idle.TryPop(out var session))
        {
            return session;
        }

        try
        {
            session = _slot.OpenSession(SessionType.ReadWrite);
        }
        catch (Pkcs11Exception ex)
        {
            throw Pkcs11Errors.Map(ex, $"{operationName}: opening a session");
        }

        Interlocked.Increment(ref _open);
        return session;
    }

    private void Return(ISession session, bool broken)
    {
        if (broken || _disposed)
        {
            Close(session);
            return;
        }

        _idle.Push(session);
    }

    private void Close(ISession session)
    {
        Interlocked.Decrement(ref _open);
        try
        {
            session.Dispose();
        }
        catch (Pkcs11Exception)
        {
            // The session is gone either way.
        }
    }
}
