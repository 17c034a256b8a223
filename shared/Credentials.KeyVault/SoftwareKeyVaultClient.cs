using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;

namespace Credentials.KeyVault;

/// <summary>
/// An in-memory <see cref="IKeyVaultClient"/> over .NET's RSA and ECDsa, for unit tests only. Keys live in process
/// memory and vanish with it. It refuses to exist in the Production environment.
/// </summary>
public sealed class SoftwareKeyVaultClient : IKeyVaultClient, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SoftwareKey> _keysByLabel = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Creates the vault; throws when <paramref name="environment"/> is Production.</summary>
    public SoftwareKeyVaultClient(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.IsProduction())
        {
            throw new InvalidOperationException(
                "SoftwareKeyVaultClient keeps private keys in process memory and is for unit tests only; it refuses to start in the Production environment. Configure the PKCS#11 key vault (AddPkcs11KeyVault) instead.");
        }
    }

    /// <inheritdoc />
    public Task<KeyInfo> GenerateKeyPairAsync(string label, KeyAlgorithm algorithm, KeyGenerationOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();

        var info = new KeyInfo(label, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), algorithm, options.Protected);
        var key = CreateKey(algorithm);
        try
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_keysByLabel.ContainsKey(label))
                {
                    throw new KeyVaultException(KeyVaultErrorReason.KeyAlreadyExists, $"A key labelled '{label}' already exists.");
                }

                _keysByLabel.Add(label, new SoftwareKey(info, key));
                key = null;
            }
        }
        finally
        {
            key?.Dispose();
        }

        return Task.FromResult(info);
    }

    /// <inheritdoc />
    public Task<byte[]> GetPublicKeyAsync(KeyReference key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entry = Resolve(key);
        lock (entry.Gate)
        {
            return Task.FromResult(entry.Key.ExportSubjectPublicKeyInfo());
        }
    }

    /// <inheritdoc />
    public Task<byte[]> SignAsync(KeyReference key, ReadOnlyMemory<byte> digest, SignatureScheme scheme, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        cancellationToken.ThrowIfCancellationRequested();
        var entry = Resolve(key);
        scheme.EnsureCompatibleWith(entry.Info.Algorithm);
        scheme.EnsureDigestLength(digest.Span);

        lock (entry.Gate)
        {
            var signature = entry.Key switch
            {
                ECDsa ecdsa => ecdsa.SignHash(digest.Span, DSASignatureFormat.Rfc3279DerSequence),
                RSA rsa => rsa.SignHash(digest.ToArray(), scheme.Hash, RsaPadding(scheme)),
                _ => throw new KeyVaultException(KeyVaultErrorReason.UnsupportedAlgorithm, "Unknown key type."),
            };
            return Task.FromResult(signature);
        }
    }

    /// <inheritdoc />
    public Task<KeyInfo?> FindAsync(KeyReference key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(TryResolve(key)?.Info);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<KeyInfo>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            IReadOnlyList<KeyInfo> keys = _keysByLabel.Values.Select(k => k.Info).OrderBy(k => k.Label, StringComparer.Ordinal).ToList();
            return Task.FromResult(keys);
        }
    }

    /// <inheritdoc />
    public Task DestroyAsync(KeyReference key, KeyDestructionConfirmation confirmation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entry = Resolve(key);
        KeyDestructionConfirmation.EnsureConfirms(confirmation, entry.Info);
        lock (_gate)
        {
            if (_keysByLabel.Remove(entry.Info.Label))
            {
                lock (entry.Gate)
                {
                    entry.Key.Dispose();
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<KeyVaultHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var data = new Dictionary<string, object> { ["vault"] = "software", ["keys"] = _keysByLabel.Count };
            return Task.FromResult(_disposed
                ? new KeyVaultHealth(false, "The software key vault is disposed.", data)
                : new KeyVaultHealth(true, "In-memory software key vault (unit tests only).", data));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var entry in _keysByLabel.Values)
            {
                lock (entry.Gate)
                {
                    entry.Key.Dispose();
                }
            }

            _keysByLabel.Clear();
        }
    }

    private static RSASignaturePadding RsaPadding(SignatureScheme scheme)
    {
        if (scheme.Kind == SignatureSchemeKind.RsaPkcs1)
        {
            return RSASignaturePadding.Pkcs1;
        }

        // .NET's PSS uses MGF1 with the message hash; the salt length is configurable.
        if (scheme.Mgf1Hash != scheme.Hash)
        {
            throw new KeyVaultException(
                KeyVaultErrorReason.UnsupportedAlgorithm,
                "The software key vault supports RSA-PSS only with MGF1 over the same hash as the digest.");
        }

        if (scheme.SaltLength != scheme.DigestLength)
        {
            throw new KeyVaultException(
                KeyVaultErrorReason.UnsupportedAlgorithm,
                "The software key vault supports RSA-PSS only with a salt as long as the digest.");
        }

        return RSASignaturePadding.Pss;
    }

    private static AsymmetricAlgorithm CreateKey(KeyAlgorithm algorithm)
    {
        if (algorithm.IsRsa())
        {
            return RSA.Create(algorithm.RsaModulusBits());
        }

        if (algorithm.IsEc())
        {
            return ECDsa.Create(algorithm.Curve());
        }

        throw new KeyVaultException(KeyVaultErrorReason.UnsupportedAlgorithm, $"Key algorithm {algorithm} is not supported.");
    }

    private SoftwareKey Resolve(KeyReference key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return TryResolve(key) ?? throw new KeyVaultException(KeyVaultErrorReason.KeyNotFound, $"No key with {key}.");
    }

    private SoftwareKey? TryResolve(KeyReference key)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (key.Label is not null)
            {
                return _keysByLabel.GetValueOrDefault(key.Label);
            }

            return _keysByLabel.Values.FirstOrDefault(k => string.Equals(k.Info.Id, key.Id, StringComparison.Ordinal));
        }
    }

    private sealed class SoftwareKey(KeyInfo info, AsymmetricAlgorithm key)
    {
        public KeyInfo Info { get; } = info;

        public AsymmetricAlgorithm Key { get; } = key;

        public Lock Gate { get; } = new();
    }
}
