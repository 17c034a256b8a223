using System.Collections.Concurrent;
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
/// <para>
/// Split by concern (issue 17 item 5): this facade (key cache and the <see cref="IKeyVaultClient"/> operations),
/// <see cref="Pkcs11ConnectionManager"/> (module and session recovery), <see cref="Pkcs11SignMechanisms"/> and
/// <see cref="Pkcs11KeyGeneration"/> (mechanisms per algorithm), <see cref="Pkcs11KeyObjects"/> (token objects).
/// </para>
/// </summary>
public sealed partial class Pkcs11KeyVaultClient : IKeyVaultClient, IDisposable
{
    private readonly ILogger _logger;
    private readonly Pkcs11ConnectionManager _connections;
    private readonly SemaphoreSlim _managementGate = new(1, 1);
    private readonly ConcurrentDictionary<string, Pkcs11CachedKey> _byLabel = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Pkcs11CachedKey> _byId = new(StringComparer.Ordinal);
    private int _disposeStarted;

    /// <summary>Creates a client from validated options (see <see cref="KeyVaultOptionsValidator"/>).</summary>
    public Pkcs11KeyVaultClient(IOptions<KeyVaultOptions> options, ILogger<Pkcs11KeyVaultClient>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _connections = new Pkcs11ConnectionManager(options.Value, _logger, timeProvider ?? TimeProvider.System);
    }

    /// <summary>True while the token is lost and the client is reconnecting.</summary>
    public bool IsRecovering => _connections.IsRecovering;

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
            return await _connections.RunAsync(
                async connection =>
                {
                    var key = await connection.Pool.RunAsync(
                        session => Pkcs11KeyGeneration.Generate(session, label, algorithm, options.Protected), "Generating a key pair", cancellationToken);
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
        return await _connections.RunAsync(
            async connection =>
            {
                var cached = await ResolveAsync(connection, key, cancellationToken);
                if (cached.SubjectPublicKeyInfo is { } known)
                {
                    return (byte[])known.Clone();
                }

                var spki = await connection.Pool.RunAsync(session => Pkcs11KeyObjects.ReadPublicKey(session, cached), "Reading a public key", cancellationToken);
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
        return await _connections.RunAsync(
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
                    return await connection.Pool.RunAsync(session => Pkcs11SignMechanisms.Sign(session, cached, input, scheme), "Signing", cancellationToken);
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
        return await _connections.RunAsync(
            async connection =>
            {
                var found = await connection.Pool.RunAsync(session => Pkcs11KeyObjects.FindPrivateKey(session, key), "Finding a key", cancellationToken);
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
        return await _connections.RunAsync(
            connection => connection.Pool.RunAsync<IReadOnlyList<KeyInfo>>(
            session =>
            {
                var template = new List<IObjectAttribute>
                {
                    session.Factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
                };
                return session.FindAllObjects(template)
                    .Select(handle => Pkcs11KeyObjects.Describe(session, handle).Info)
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
            await _connections.RunAsync(async connection => await DestroyOnAsync(connection, key, confirmation, cancellationToken), retry: false, cancellationToken);
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
                    var found = Pkcs11KeyObjects.FindPrivateKey(session, key)
                        ?? throw new KeyVaultException(KeyVaultErrorReason.KeyNotFound, $"No key with {key} on token '{connection.TokenLabel}'.");
                    KeyDestructionConfirmation.EnsureConfirms(confirmation, found.Info);
                    foreach (var publicKey in Pkcs11KeyObjects.FindPublicKeys(session, found))
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
    public Task<KeyVaultHealth> CheckHealthAsync(CancellationToken cancellationToken) => _connections.CheckHealthAsync(cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        // Idempotent: DI disposes the same instance once per registration (the class and IKeyVaultClient).
        if (Interlocked.Exchange(ref _disposeStarted, 1) == 1)
        {
            return;
        }

        _connections.Dispose();
        _managementGate.Dispose();
    }

    /// <summary>The connection, for the benchmark's raw C_Sign comparison on the same token and login.</summary>
    internal ValueTask<Pkcs11Connection> GetConnectionAsync(CancellationToken cancellationToken) => _connections.GetConnectionAsync(cancellationToken);

    private async ValueTask<Pkcs11CachedKey> ResolveAsync(Pkcs11Connection connection, KeyReference key, CancellationToken cancellationToken)
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

        var found = await connection.Pool.RunAsync(session => Pkcs11KeyObjects.FindPrivateKey(session, key), "Finding a key", cancellationToken)
            ?? throw new KeyVaultException(KeyVaultErrorReason.KeyNotFound, $"No key with {key} on token '{connection.TokenLabel}'.");
        Remember(connection, found);
        return found;
    }

    private void Remember(Pkcs11Connection connection, Pkcs11CachedKey key)
    {
        key.Owner = connection;
        _byLabel[key.Info.Label] = key;
        _byId[key.Info.Id] = key;
    }

    private void Forget(Pkcs11CachedKey key)
    {
        _byLabel.TryRemove(new KeyValuePair<string, Pkcs11CachedKey>(key.Info.Label, key));
        _byId.TryRemove(new KeyValuePair<string, Pkcs11CachedKey>(key.Info.Id, key));
        _byLabel.TryRemove(key.Info.Label, out _);
        _byId.TryRemove(key.Info.Id, out _);
    }

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Generated key pair {KeyLabel} (id {KeyId}, {Algorithm}, protected {IsProtected}) on token {TokenLabel}")]
    private static partial void LogKeyGenerated(ILogger logger, string keyLabel, string keyId, KeyAlgorithm algorithm, bool isProtected, string tokenLabel);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Destroyed key pair {KeyLabel} (id {KeyId}) on token {TokenLabel}; reason: {Reason}")]
    private static partial void LogKeyDestroyed(ILogger logger, string keyLabel, string keyId, string reason, string tokenLabel);
}
