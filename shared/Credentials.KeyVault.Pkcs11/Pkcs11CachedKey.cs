namespace Credentials.KeyVault.Pkcs11;

/// <summary>What the client remembers about a key: its description and its private key handle.</summary>
internal sealed class Pkcs11CachedKey(KeyInfo info, ulong privateKeyHandle, byte[] idBytes)
{
    public KeyInfo Info { get; } = info;

    public ulong PrivateKeyHandle { get; } = privateKeyHandle;

    public byte[] IdBytes { get; } = idBytes;

    public byte[]? SubjectPublicKeyInfo { get; set; }

    /// <summary>The connection whose module initialisation the handle belongs to.</summary>
    public Pkcs11Connection? Owner { get; set; }
}
