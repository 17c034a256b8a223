using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Credentials.KeyVault.Pkcs11;

/// <summary>
/// <see cref="IKeyVaultClient"/> over a PKCS#11 token. The module is initialised once per process, the token found
/// by label and logged in once; each operation runs on a pooled session of its own. The connection is made on first
/// use (or by the health check); a rejected PIN is tried only once per client, so retries never lock the token.
/// Token calls are synchronous on the caller's thread (they are short); only waiting for a session is asynchronous.
/// <para>
/// Recovery: when a call finds the token lost (a PKCS#11 return value of <see cref="Pkcs11Errors.LosesConnection"/>,
/// or a key this client had used no longer found), the client re-initialises the module (C_Finalize + C_Initialize, so
/// the module reads its token store again), logs in again, opens new sessions, forgets every key handle and retries
/// the call once. One reconnect runs at a time; while the token stays unreachable, attempts back off (250 ms doubling
/// to 2 s) and callers in between fail fast with <see cref="KeyVaultErrorReason.TokenUnavailable"/> (transient).
/// </para>
/// </summary>
public sealed partial class Pkcs11KeyVaultClient : IKeyVaultClient, IDisposable
{
    private static readonly byte[] RsaPublicExponent = [0x01, 0x00, 0x01];

    private readonly KeyVaultOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly SemaphoreSlim _managementGate = new(1, 1);
    private readonly ConcurrentDictionary<string, CachedKey> _byLabel = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CachedKey> _byId = new(StringComparer.Ordinal);
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

    /// <summary>Creates a client from validated options (see <see cref="KeyVaultOptionsValidator"/>).</summary>
    public Pkcs11KeyVaultClient(IOptions<KeyVaultOptions> options, ILogger<Pkcs11KeyVaultClient>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _backoff = new Pkcs11ReconnectBackoff(_timeProvider);
    }

    /// <summary>True while the token is lost and the client is reconnecting.</summary>
    public bool IsRecovering => _recovering;

    /// <summary>Connects now (load, find token, log in) instead of on first use; throws <see cref="KeyVaultException"/>.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken) => _ = await GetConnectionAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<KeyInfo> GenerateKeyPairAsync(string label, KeyAlgorithm algorithm, KeyGenerationOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        ArgumentNullException.ThrowIfNull(options);
        if (!algorithm.IsRsa() && !algorithm.IsEc())
        {
            throw new KeyVaultException(KeyVaultErrorReason.UnsupportedAlgorithm, $"Key algorithm {algorithm} is not supported.");
        }

        await _managementGate.WaitAsync(cancellationToken);
        try
        {
            // Not retried after a loss: the key may exist already; a later call sees KeyAlreadyExists instead.
            return await RunAsync(
                async connection =>
                {
                    var key = await connection.Pool.RunAsync(
                        session => Generate(session, label, algorithm, options.Protected), "Generating a key pair", cancellationToken);
                    Remember(connection, key);
                    LogKeyGenerated(_logger, label, key.Info.Id, algorithm, options.Protected, connection.TokenLabel);
                    return key.Info;
                },
                retry: false,
                cancellationToken);
        }
        finally
        {
            _managementGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<byte[]> GetPublicKeyAsync(KeyReference key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return await RunAsync(
            async connection =>
            {
                var cached = await ResolveAsync(connection, key, cancellationToken);
                if (cached.SubjectPublicKeyInfo is { } known)
                {
                    return (byte[])known.Clone();
                }

                var spki = await connection.Pool.RunAsync(session => ReadPublicKey(session, cached), "Reading a public key", cancellationToken);
                cached.SubjectPublicKeyInfo = spki;
                return (byte[])spki.Clone();
            },
            retry: true,
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<byte[]> SignAsync(KeyReference key, ReadOnlyMemory<byte> digest, SignatureScheme scheme, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(scheme);
        return await RunAsync(
            async connection =>
            {
                var cached = await ResolveAsync(connection, key, cancellationToken);
                scheme.EnsureCompatibleWith(cached.Info.Algorithm);
                scheme.EnsureDigestLength(digest.Span);
                var input = scheme.Kind == SignatureSchemeKind.RsaPkcs1
                    ? RsaDigestInfo.Create(scheme.Hash, digest.Span)
                    : digest.ToArray();
                try
                {
                    return await connection.Pool.RunAsync(session => Sign(session, cached, input, scheme), "Signing", cancellationToken);
                }
                catch (KeyVaultException ex) when (ex.Reason == KeyVaultErrorReason.KeyNotFound)
                {
                    // A key handle this connection found is no longer valid: the key was destroyed, or the token lost
                    // its store (a module re-reads it only at C_Initialize). Reconnect and look again; a key that is
                    // still missing on a reachable token is then reported as KeyNotFound.
                    Forget(cached);
                    throw new KeyVaultException(
                        KeyVaultErrorReason.TokenUnavailable,
                        $"Signing: key {key} was on token '{connection.TokenLabel}' but its handle is no longer valid; reconnecting to the token.",
                        ex);
                }
            },
            retry: true,
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<KeyInfo?> FindAsync(KeyReference key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return await RunAsync(
            async connection =>
            {
                var found = await connection.Pool.RunAsync(session => FindPrivateKey(session, key), "Finding a key", cancellationToken);
                if (found is not null)
                {
                    Remember(connection, found);
                }

                return found?.Info;
            },
            retry: true,
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<KeyInfo>> ListAsync(CancellationToken cancellationToken)
    {
        return await RunAsync(
            connection => connection.Pool.RunAsync<IReadOnlyList<KeyInfo>>(
            session =>
            {
                var template = new List<IObjectAttribute>
                {
                    session.Factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
                };
                return session.FindAllObjects(template)
                    .Select(handle => Describe(session, handle).Info)
                    .OrderBy(info => info.Label, StringComparer.Ordinal)
                    .ToList();
            },
            "Listing keys",
            cancellationToken).AsTask(),
            retry: true,
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task DestroyAsync(KeyReference key, KeyDestructionConfirmation confirmation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await _managementGate.WaitAsync(cancellationToken);
        try
        {
            await RunAsync(async connection => await DestroyOnAsync(connection, key, confirmation, cancellationToken), retry: false, cancellationToken);
        }
        finally
        {
            _managementGate.Release();
        }
    }

    private async Task<bool> DestroyOnAsync(Pkcs11Connection connection, KeyReference key, KeyDestructionConfirmation confirmation, CancellationToken cancellationToken)
    {
        {
            var destroyed = await connection.Pool.RunAsync(
                session =>
                {
                    var found = FindPrivateKey(session, key)
                        ?? throw new KeyVaultException(KeyVaultErrorReason.KeyNotFound, $"No key with {key} on token '{connection.TokenLabel}'.");
                    KeyDestructionConfirmation.EnsureConfirms(confirmation, found.Info);
                    foreach (var publicKey in FindPublicKeys(session, found))
                    {
                        session.DestroyObject(publicKey);
                    }

                    session.DestroyObject(session.Factories.ObjectHandleFactory.Create(found.PrivateKeyHandle));
                    return found;
                },
                "Destroying a key pair",
                cancellationToken);
            Forget(destroyed);
            LogKeyDestroyed(_logger, destroyed.Info.Label, destroyed.Info.Id, confirmation.Reason, connection.TokenLabel);
            return true;
        }
    }

    /// <inheritdoc />
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

    /// <inheritdoc />
    public void Dispose()
    {
        // Idempotent: DI disposes the same instance once per registration (the class and IKeyVaultClient).
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
        _managementGate.Dispose();
    }

    /// <summary>The connection, for the benchmark's raw C_Sign comparison on the same token and login.</summary>
    [SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "The connection is owned by the client and disposed in Dispose.")]
    internal async ValueTask<Pkcs11Connection> GetConnectionAsync(CancellationToken cancellationToken)
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
    private async Task<T> RunAsync<T>(Func<Pkcs11Connection, Task<T>> operation, bool retry, CancellationToken cancellationToken)
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

    private static IMechanism CreateSignMechanism(ISession session, SignatureScheme scheme)
    {
        var mechanisms = session.Factories.MechanismFactory;
        switch (scheme.Kind)
        {
            case SignatureSchemeKind.Ecdsa:
                return mechanisms.Create(CKM.CKM_ECDSA);
            case SignatureSchemeKind.RsaPkcs1:
                return mechanisms.Create(CKM.CKM_RSA_PKCS);
            case SignatureSchemeKind.RsaPss:
                var parameters = session.Factories.MechanismParamsFactory.CreateCkRsaPkcsPssParams(
                    (ulong)HashMechanism(scheme.Hash), (ulong)Mgf1(scheme.Mgf1Hash), (ulong)scheme.SaltLength);
                return mechanisms.Create(CKM.CKM_RSA_PKCS_PSS, parameters);
            default:
                throw new KeyVaultException(KeyVaultErrorReason.UnsupportedAlgorithm, $"Signature scheme {scheme.Kind} is not supported.");
        }
    }

    private static CKM HashMechanism(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA256 ? CKM.CKM_SHA256
        : hash == HashAlgorithmName.SHA384 ? CKM.CKM_SHA384
        : hash == HashAlgorithmName.SHA512 ? CKM.CKM_SHA512
        : throw new KeyVaultException(KeyVaultErrorReason.UnsupportedAlgorithm, $"Hash algorithm '{hash.Name}' is not supported.");

    private static CKG Mgf1(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA256 ? CKG.CKG_MGF1_SHA256
        : hash == HashAlgorithmName.SHA384 ? CKG.CKG_MGF1_SHA384
        : hash == HashAlgorithmName.SHA512 ? CKG.CKG_MGF1_SHA512
        : throw new KeyVaultException(KeyVaultErrorReason.UnsupportedAlgorithm, $"MGF1 hash '{hash.Name}' is not supported.");

    private static byte[] Sign(ISession session, CachedKey key, byte[] input, SignatureScheme scheme)
    {
        using var mechanism = CreateSignMechanism(session, scheme);
        var handle = session.Factories.ObjectHandleFactory.Create(key.PrivateKeyHandle);
        var signature = session.Sign(mechanism, handle, input);
        return scheme.Kind == SignatureSchemeKind.Ecdsa
            ? EcdsaSignatureEncoding.RawToDer(signature, key.Info.Algorithm.CurveFieldBytes())
            : signature;
    }

    private static CachedKey Generate(ISession session, string label, KeyAlgorithm algorithm, bool isProtected)
    {
        if (FindPrivateKey(session, KeyReference.ByLabel(label)) is not null)
        {
            throw new KeyVaultException(KeyVaultErrorReason.KeyAlreadyExists, $"A key labelled '{label}' already exists.");
        }

        var id = RandomNumberGenerator.GetBytes(16);
        var attributes = session.Factories.ObjectAttributeFactory;
        var publicTemplate = new List<IObjectAttribute>
        {
            attributes.Create(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY),
            attributes.Create(CKA.CKA_TOKEN, true),
            attributes.Create(CKA.CKA_PRIVATE, false),
            attributes.Create(CKA.CKA_LABEL, label),
            attributes.Create(CKA.CKA_ID, id),
            attributes.Create(CKA.CKA_VERIFY, true),
            attributes.Create(CKA.CKA_ENCRYPT, false),
            attributes.Create(CKA.CKA_WRAP, false),
        };
        var privateTemplate = new List<IObjectAttribute>
        {
            attributes.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
            attributes.Create(CKA.CKA_TOKEN, true),
            attributes.Create(CKA.CKA_PRIVATE, true),
            attributes.Create(CKA.CKA_SENSITIVE, true),
            attributes.Create(CKA.CKA_EXTRACTABLE, false),
            attributes.Create(CKA.CKA_LABEL, label),
            attributes.Create(CKA.CKA_ID, id),
            attributes.Create(CKA.CKA_SIGN, true),
            attributes.Create(CKA.CKA_DECRYPT, false),
            attributes.Create(CKA.CKA_UNWRAP, false),
            attributes.Create(CKA.CKA_DERIVE, false),
        };
        if (isProtected)
        {
            privateTemplate.Add(attributes.Create(CKA.CKA_DESTROYABLE, false));
            publicTemplate.Add(attributes.Create(CKA.CKA_DESTROYABLE, false));
        }

        CKM mechanismType;
        if (algorithm.IsRsa())
        {
            mechanismType = CKM.CKM_RSA_PKCS_KEY_PAIR_GEN;
            publicTemplate.Add(attributes.Create(CKA.CKA_MODULUS_BITS, (ulong)algorithm.RsaModulusBits()));
            publicTemplate.Add(attributes.Create(CKA.CKA_PUBLIC_EXPONENT, RsaPublicExponent));
        }
        else
        {
            mechanismType = CKM.CKM_EC_KEY_PAIR_GEN;
            publicTemplate.Add(attributes.Create(CKA.CKA_EC_PARAMS, algorithm.CurveParametersDer()));
        }

        using var mechanism = session.Factories.MechanismFactory.Create(mechanismType);
        session.GenerateKeyPair(mechanism, publicTemplate, privateTemplate, out _, out var privateKey);
        return new CachedKey(new KeyInfo(label, Convert.ToHexStringLower(id), algorithm, isProtected), privateKey.ObjectId, id);
    }

    private static CachedKey? FindPrivateKey(ISession session, KeyReference key)
    {
        var attributes = session.Factories.ObjectAttributeFactory;
        var template = new List<IObjectAttribute>
        {
            attributes.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
            key.Label is not null
                ? attributes.Create(CKA.CKA_LABEL, key.Label)
                : attributes.Create(CKA.CKA_ID, Convert.FromHexString(key.Id!)),
        };
        var found = session.FindAllObjects(template);
        return found.Count switch
        {
            0 => null,
            1 => Describe(session, found[0]),
            _ => throw new KeyVaultException(
                KeyVaultErrorReason.Configuration, $"{found.Count} private keys match {key}; labels and ids must be unique on the token."),
        };
    }

    private static CachedKey Describe(ISession session, IObjectHandle handle)
    {
        var values = session.GetAttributeValue(handle, [CKA.CKA_LABEL, CKA.CKA_ID, CKA.CKA_KEY_TYPE, CKA.CKA_DESTROYABLE]);
        var label = values[0].CannotBeRead ? string.Empty : values[0].GetValueAsString() ?? string.Empty;
        var id = values[1].CannotBeRead ? [] : values[1].GetValueAsByteArray() ?? [];
        var keyType = values[2].CannotBeRead ? ulong.MaxValue : values[2].GetValueAsUlong();
        var isProtected = !values[3].CannotBeRead && !values[3].GetValueAsBool();

        var algorithm = KeyAlgorithm.Unspecified;
        if (keyType == (ulong)CKK.CKK_RSA)
        {
            var modulus = session.GetAttributeValue(handle, [CKA.CKA_MODULUS])[0];
            if (!modulus.CannotBeRead)
            {
                var bytes = modulus.GetValueAsByteArray().AsSpan();
                var bits = (bytes.Length - (bytes.Length - bytes.TrimStart((byte)0).Length)) * 8;
                algorithm = KeyAlgorithms.FromRsaModulusBits(bits);
            }
        }
        else if (keyType == (ulong)CKK.CKK_EC)
        {
            var parameters = session.GetAttributeValue(handle, [CKA.CKA_EC_PARAMS])[0];
            if (!parameters.CannotBeRead)
            {
                try
                {
                    algorithm = Pkcs11PublicKeyEncoding.CurveFromEcParameters(parameters.GetValueAsByteArray());
                }
                catch (KeyVaultException)
                {
                    // A key on a curve this vault does not support: listed, but not usable.
                }
            }
        }

        return new CachedKey(new KeyInfo(label, Convert.ToHexStringLower(id), algorithm, isProtected), handle.ObjectId, id);
    }

    private static List<IObjectHandle> FindPublicKeys(ISession session, CachedKey key)
    {
        var attributes = session.Factories.ObjectAttributeFactory;
        var template = new List<IObjectAttribute> { attributes.Create(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY) };
        template.Add(key.IdBytes.Length > 0
            ? attributes.Create(CKA.CKA_ID, key.IdBytes)
            : attributes.Create(CKA.CKA_LABEL, key.Info.Label));
        return session.FindAllObjects(template);
    }

    private static byte[] ReadPublicKey(ISession session, CachedKey key)
    {
        var found = FindPublicKeys(session, key);
        if (found.Count != 1)
        {
            throw new KeyVaultException(
                KeyVaultErrorReason.KeyNotFound,
                $"Key '{key.Info.Label}' has {found.Count} public key objects on the token; exactly one is expected.");
        }

        if (key.Info.Algorithm.IsRsa())
        {
            var values = session.GetAttributeValue(found[0], [CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT]);
            return Pkcs11PublicKeyEncoding.RsaSubjectPublicKeyInfo(values[0].GetValueAsByteArray(), values[1].GetValueAsByteArray());
        }

        if (key.Info.Algorithm.IsEc())
        {
            var values = session.GetAttributeValue(found[0], [CKA.CKA_EC_PARAMS, CKA.CKA_EC_POINT]);
            return Pkcs11PublicKeyEncoding.EcSubjectPublicKeyInfo(values[0].GetValueAsByteArray(), values[1].GetValueAsByteArray());
        }

        throw new KeyVaultException(KeyVaultErrorReason.UnsupportedAlgorithm, $"Key '{key.Info.Label}' has an unsupported algorithm.");
    }

    private async ValueTask<CachedKey> ResolveAsync(Pkcs11Connection connection, KeyReference key, CancellationToken cancellationToken)
    {
        var cache = key.Label is not null ? _byLabel : _byId;
        if (cache.TryGetValue(key.Label ?? key.Id!, out var cached))
        {
            // Object handles are only valid in the module initialisation (and login) they were found in.
            if (ReferenceEquals(cached.Owner, connection))
            {
                return cached;
            }

            Forget(cached);
        }

        var found = await connection.Pool.RunAsync(session => FindPrivateKey(session, key), "Finding a key", cancellationToken)
            ?? throw new KeyVaultException(KeyVaultErrorReason.KeyNotFound, $"No key with {key} on token '{connection.TokenLabel}'.");
        Remember(connection, found);
        return found;
    }

    private void Remember(Pkcs11Connection connection, CachedKey key)
    {
        key.Owner = connection;
        _byLabel[key.Info.Label] = key;
        _byId[key.Info.Id] = key;
    }

    private void Forget(CachedKey key)
    {
        _byLabel.TryRemove(new KeyValuePair<string, CachedKey>(key.Info.Label, key));
        _byId.TryRemove(new KeyValuePair<string, CachedKey>(key.Info.Id, key));
        _byLabel.TryRemove(key.Info.Label, out _);
        _byId.TryRemove(key.Info.Id, out _);
    }

    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Key vault connected to token {TokenLabel} (slot {SlotId}), up to {MaxSessions} sessions")]
    private static partial void LogConnected(ILogger logger, string tokenLabel, ulong slotId, int maxSessions);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Error, Message = "Key vault could not connect to token {TokenLabel}: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string tokenLabel, KeyVaultErrorReason reason, Exception exception);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Generated key pair {KeyLabel} (id {KeyId}, {Algorithm}, protected {IsProtected}) on token {TokenLabel}")]
    private static partial void LogKeyGenerated(ILogger logger, string keyLabel, string keyId, KeyAlgorithm algorithm, bool isProtected, string tokenLabel);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Destroyed key pair {KeyLabel} (id {KeyId}) on token {TokenLabel}; reason: {Reason}")]
    private static partial void LogKeyDestroyed(ILogger logger, string keyLabel, string keyId, string reason, string tokenLabel);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Key vault lost token {TokenLabel} ({Reason}); reconnecting")]
    private static partial void LogTokenLost(ILogger logger, string tokenLabel, KeyVaultErrorReason reason, Exception exception);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Information, Message = "Key vault recovered token {TokenLabel} (slot {SlotId}) after {Reason}: module re-initialised, logged in again, sessions and key handles renewed")]
    private static partial void LogRecovered(ILogger logger, string tokenLabel, ulong slotId, KeyVaultErrorReason reason);

    /// <summary>What the client remembers about a key: its description and its private key handle.</summary>
    private sealed class CachedKey(KeyInfo info, ulong privateKeyHandle, byte[] idBytes)
    {
        public KeyInfo Info { get; } = info;

        public ulong PrivateKeyHandle { get; } = privateKeyHandle;

        public byte[] IdBytes { get; } = idBytes;

        public byte[]? SubjectPublicKeyInfo { get; set; }

        /// <summary>The connection whose module initialisation the handle belongs to.</summary>
        public Pkcs11Connection? Owner { get; set; }
    }
}
