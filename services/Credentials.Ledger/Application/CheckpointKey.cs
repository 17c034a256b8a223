using System.Security.Cryptography;
using Credentials.KeyVault;
using Credentials.Ledger.Options;
using Microsoft.Extensions.Options;

namespace Credentials.Ledger.Application;

/// <summary>
/// The ledger's checkpoint key: ECDSA P-256 in the HSM (token <c>ledger</c>), label
/// <see cref="LedgerOptions.CheckpointKeyLabel"/>, generated protected on first use. Signatures are DER
/// Ecdsa-Sig-Value over SHA-256 of the checkpoint payload.
/// </summary>
internal sealed class CheckpointKey : IDisposable
{
    private readonly IKeyVaultClient _vault;
    private readonly string _label;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _publicKey;

    public CheckpointKey(IKeyVaultClient vault, IOptions<LedgerOptions> options)
    {
        _vault = vault;
        _label = options.Value.CheckpointKeyLabel;
    }

    public string Label => _label;

    /// <summary>The key's SubjectPublicKeyInfo, generating the key when the token has none yet.</summary>
    public async Task<byte[]> GetPublicKeyAsync(CancellationToken cancellationToken)
    {
        if (_publicKey is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_publicKey is null)
            {
                var reference = KeyReference.ByLabel(_label);
                if (await _vault.FindAsync(reference, cancellationToken) is null)
                {
                    try
                    {
                        await _vault.GenerateKeyPairAsync(_label, KeyAlgorithm.EcP256, new KeyGenerationOptions { Protected = true }, cancellationToken);
                    }
                    catch (KeyVaultException exception) when (exception.Reason == KeyVaultErrorReason.KeyAlreadyExists)
                    {
                        // Another instance generated it first.
                    }
                }

                _publicKey = await _vault.GetPublicKeyAsync(reference, cancellationToken);
            }

            return _publicKey;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Signs SHA-256(<paramref name="payload"/>) in the HSM.</summary>
    public async Task<byte[]> SignAsync(byte[] payload, CancellationToken cancellationToken)
    {
        await GetPublicKeyAsync(cancellationToken);
        return await _vault.SignAsync(_label, CheckpointDocument.Digest(payload), SignatureScheme.Ecdsa(HashAlgorithmName.SHA256), cancellationToken);
    }

    /// <summary>Verifies a checkpoint signature against the HSM key's public key.</summary>
    public async Task<bool> VerifyAsync(byte[] payload, byte[] signature, CancellationToken cancellationToken)
    {
        var spki = await GetPublicKeyAsync(cancellationToken);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(spki, out _);
        try
        {
            return ecdsa.VerifyHash(CheckpointDocument.Digest(payload), signature, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
