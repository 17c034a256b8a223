using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Net.Pkcs11Interop.Common;

namespace Credentials.KeyVault.Pkcs11;

/// <summary>
/// Module and session recovery of <see cref="Pkcs11KeyVaultClient"/>: owns the one <see cref="Pkcs11Connection"/>
/// (module initialised once, token found by label, logged in once, session pool), connects on first use, tries a
/// rejected PIN only once, and when a call finds the token lost re-initialises the module (C_Finalize + C_Initialize),
/// logs in again and opens new sessions. One reconnect runs at a time; while the token stays unreachable attempts back
/// off (<see cref="Pkcs11ReconnectBackoff"/>) and callers in between fail fast with
/// <see cref="KeyVaultErrorReason.TokenUnavailable"/>.
/// </summary>
internal sealed partial class Pkcs11ConnectionManager : IDisposable
{
    private readonly KeyVaultOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly TimeProvider _timeProvider;
    private readonly Pkcs11ReconnectBackoff _backoff;
    private volatile Pkcs11Connection? _connection;
    private volatile bool _recovering;
    private volatile KeyVaultException? _lastLoss;
    private bool _everConnected;
    private long _healthyUntil;
    private KeyVaultException? _loginFailure;
    private bool _disposed;
    private int _disposeStarted;

    public Pkcs11ConnectionManager(KeyVaultOptions options, ILogger logger, TimeProvider timeProvider)
    {
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider;
        _backoff = new Pkcs11ReconnectBackoff(_timeProvider);
    }

    /// <summary>True while the token is lost and the client is reconnecting.</summary>
    public bool IsRecovering => _recovering;

    /// <summary>Health of the token: a cached probe result for 2 s, else C_GetSessionInfo and C_GetTokenInfo.</summary>
    public async Task<KeyVaultHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, object>
        {
            ["module"] = _options.ModulePath,
            ["token"] = _options.TokenLabel,
        };
        try
        {
            var connection = await GetConnectionAsync(cancellationToken);
            CKS state;
            if (!_recovering && _timeProvider.GetTimestamp() < Interlocked.Read(ref _healthyUntil))
            {
                state = CKS.CKS_RW_USER_FUNCTIONS;
            }
            else
            {
                try
                {
                    // Cheap probe: the session answers and the token is still there (C_GetSessionInfo, C_GetTokenInfo).
                    state = await connection.Pool.RunAsync(
                        session =>
                        {
                            _ = connection.Slot.GetTokenInfo();
                            return session.GetSessionInfo().State;
                        },
                        "Health check",
                        cancellationToken);
                }
                catch (KeyVaultException ex) when (ex.Reason == KeyVaultErrorReason.TokenUnavailable)
                {
                    NoteLoss(connection, ex);
                    throw;
                }

                Interlocked.Exchange(ref _healthyUntil, state == CKS.CKS_RW_USER_FUNCTIONS
                    ? _timeProvider.GetTimestamp() + (2 * _timeProvider.TimestampFrequency)
                    : 0);
            }

            data["sessionsOpen"] = connection.Pool.OpenSessions;
            data["sessionsIdle"] = connection.Pool.IdleSessions;
            data["sessionsMax"] = connection.Pool.MaxSessions;
            data["sessionState"] = state.ToString();
            return state == CKS.CKS_RW_USER_FUNCTIONS
                ? new KeyVaultHealth(true, $"Logged in to token '{connection.TokenLabel}'.", data)
                : new KeyVaultHealth(false, $"Token '{connection.TokenLabel}' session is in state {state}, not logged in as user.", data);
        }
        catch (KeyVaultException ex)
        {
            data["reason"] = ex.Reason.ToString();
            return new KeyVaultHealth(false, ex.Message, data);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposeStarted, 1) == 1)
        {
            return;
        }

        _connectGate.Wait();
        try
        {
            _disposed = true;
            _connection?.Dispose();
            _connection = null;
        }
        finally
        {
            _connectGate.Release();
        }

        _connectGate.Dispose();
    }

    /// <summary>The current connection; connects, or recovers a lost token, when needed.</summary>
    [SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "The connection is owned by the client and disposed in Dispose.")]
    public async ValueTask<Pkcs11Connection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = _connection;
        if (connection is { IsCurrent: true } && !_recovering)
        {
            return connection;
        }

        await _connectGate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is { IsCurrent: true } current && !_recovering)
            {
                return current;
            }

            if (_loginFailure is not null)
            {
                throw new KeyVaultException(
                    _loginFailure.Reason,
                    $"{_loginFailure.Message} Not retried: this client tries a rejected PIN only once, so it cannot lock the token.",
                    _loginFailure);
            }

            if (_recovering && !_backoff.CanAttempt)
            {
                throw new KeyVaultException(
                    KeyVaultErrorReason.TokenUnavailable,
                    $"Token '{_options.TokenLabel}' is unreachable; reconnecting (next attempt in {_backoff.Remaining.TotalMilliseconds:0} ms). Last error: {_lastLoss?.Message}");
            }

            var old = _connection;
            _connection = null;
            try
            {
                var reinitialize = _recovering;
                if (reinitialize && old is { IsCurrent: true })
                {
                    old.Module.Reinitialize(old.Generation);
                    reinitialize = false;
                }

                connection = Pkcs11Connection.Open(_options, reinitialize);
            }
            catch (KeyVaultException ex)
            {
                if (ex.Reason is KeyVaultErrorReason.PinIncorrect or KeyVaultErrorReason.PinLocked)
                {
                    _loginFailure = ex;
                }

                LogConnectFailed(_logger, _options.TokenLabel, ex.Reason, ex);
                if (_everConnected && ex.Reason is not (KeyVaultErrorReason.PinIncorrect or KeyVaultErrorReason.PinLocked or KeyVaultErrorReason.Configuration))
                {
                    // The token was there before: it is away for now, not misconfigured.
                    _recovering = true;
                    _lastLoss = ex;
                    _backoff.Failed();
                    throw new KeyVaultException(
                        KeyVaultErrorReason.TokenUnavailable,
                        $"Token '{_options.TokenLabel}' is unreachable ({ex.Reason}): {ex.Message} Reconnecting.",
                        ex);
                }

                throw;
            }
            finally
            {
                old?.Dispose();
            }

            _connection = connection;
            if (_recovering)
            {
                LogRecovered(_logger, _options.TokenLabel, connection.Slot.SlotId, _lastLoss?.Reason ?? KeyVaultErrorReason.Unspecified);
            }

            _recovering = false;
            _everConnected = true;
            _backoff.Succeeded();
            LogConnected(_logger, _options.TokenLabel, connection.Slot.SlotId, _options.MaxSessions);
            return connection;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="operation"/> on the current connection. When it finds the token lost, marks the connection
    /// for recovery and, with <paramref name="retry"/>, runs it once more on a reconnected one.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<Pkcs11Connection, Task<T>> operation, bool retry, CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        try
        {
            return await operation(connection);
        }
        catch (KeyVaultException ex) when (ex.Reason == KeyVaultErrorReason.TokenUnavailable && !cancellationToken.IsCancellationRequested)
        {
            NoteLoss(connection, ex);
            if (!retry)
            {
                throw;
            }
        }

        connection = await GetConnectionAsync(cancellationToken);
        try
        {
            return await operation(connection);
        }
        catch (KeyVaultException ex) when (ex.Reason == KeyVaultErrorReason.TokenUnavailable)
        {
            NoteLoss(connection, ex);
            throw;
        }
    }

    /// <summary>
    /// A call on <paramref name="connection"/> found the token lost. Unless the module was re-initialised meanwhile
    /// (then the connection is merely stale and is replaced without another re-initialisation), the next
    /// <see cref="GetConnectionAsync"/> recovers.
    /// </summary>
    private void NoteLoss(Pkcs11Connection connection, KeyVaultException loss)
    {
        if (!ReferenceEquals(_connection, connection) || !connection.IsCurrent || _recovering)
        {
            return;
        }

        _lastLoss = loss;
        _recovering = true;
        Interlocked.Exchange(ref _healthyUntil, 0);
        LogTokenLost(_logger, _options.TokenLabel, loss.Reason, loss);
    }

    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Key vault connected to token {TokenLabel} (slot {SlotId}), up to {MaxSessions} sessions")]
    private static partial void LogConnected(ILogger logger, string tokenLabel, ulong slotId, int maxSessions);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Error, Message = "Key vault could not connect to token {TokenLabel}: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string tokenLabel, KeyVaultErrorReason reason, Exception exception);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Key vault lost token {TokenLabel} ({Reason}); reconnecting")]
    private static partial void LogTokenLost(ILogger logger, string tokenLabel, KeyVaultErrorReason reason, Exception exception);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Information, Message = "Key vault recovered token {TokenLabel} (slot {SlotId}) after {Reason}: module re-initialised, logged in again, sessions and key handles renewed")]
    private static partial void LogRecovered(ILogger logger, string tokenLabel, ulong slotId, KeyVaultErrorReason reason);
}
