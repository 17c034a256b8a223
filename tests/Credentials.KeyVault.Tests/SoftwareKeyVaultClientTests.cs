using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Credentials.KeyVault.Tests;

public sealed class SoftwareKeyVaultClientTests : IDisposable
{
    private readonly SoftwareKeyVaultClient _vault = new(new TestHostEnvironment(Environments.Development));

    public static TheoryData<KeyAlgorithm> Algorithms => new(KeyAlgorithms.All);

    [Fact]
    public void Constructor_ProductionEnvironment_ThrowsClearly()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new SoftwareKeyVaultClient(new TestHostEnvironment(Environments.Production)));

        Assert.Contains("refuses to start in the Production environment", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSoftwareKeyVault_ProductionHost_ResolvingTheClientThrows()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment(Environments.Production));
        services.AddSoftwareKeyVault();
        using var provider = services.BuildServiceProvider();

        Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IKeyVaultClient>());
    }

    [Fact]
    public void AddSoftwareKeyVault_StagingHost_ResolvesTheClient()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment(Environments.Staging));
        services.AddSoftwareKeyVault();
        using var provider = services.BuildServiceProvider();

        Assert.IsType<SoftwareKeyVaultClient>(provider.GetRequiredService<IKeyVaultClient>());
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task SignAsync_EachAlgorithm_VerifiesWithPublicKey(KeyAlgorithm algorithm)
    {
        var ct = TestContext.Current.CancellationToken;
        await _vault.GenerateKeyPairAsync("k", algorithm, ct);
        var spki = await _vault.GetPublicKeyAsync("k", ct);
        var digest = SHA256.HashData("to be signed"u8);

        if (algorithm.IsRsa())
        {
            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(spki, out _);
            Assert.Equal(algorithm.RsaModulusBits(), rsa.KeySize);
            var pkcs1 = await _vault.SignAsync("k", digest, SignatureScheme.RsaPkcs1(HashAlgorithmName.SHA256), ct);
            var pss = await _vault.SignAsync("k", digest, SignatureScheme.RsaPss(HashAlgorithmName.SHA256), ct);
            Assert.True(rsa.VerifyHash(digest, pkcs1, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
            Assert.True(rsa.VerifyHash(digest, pss, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        }
        else
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(spki, out _);
            var signature = await _vault.SignAsync("k", digest, SignatureScheme.Ecdsa(HashAlgorithmName.SHA256), ct);
            Assert.True(ecdsa.VerifyHash(digest, signature, DSASignatureFormat.Rfc3279DerSequence));
        }
    }

    [Fact]
    public async Task GenerateKeyPairAsync_DuplicateLabel_ThrowsKeyAlreadyExists()
    {
        var ct = TestContext.Current.CancellationToken;
        await _vault.GenerateKeyPairAsync("dup", KeyAlgorithm.EcP256, ct);

        var ex = await Assert.ThrowsAsync<KeyVaultException>(() => _vault.GenerateKeyPairAsync("dup", KeyAlgorithm.EcP384, ct));
        Assert.Equal(KeyVaultErrorReason.KeyAlreadyExists, ex.Reason);
    }

    [Fact]
    public async Task DestroyAsync_ConfirmationForOtherLabel_ThrowsAndKeepsKey()
    {
        var ct = TestContext.Current.CancellationToken;
        await _vault.GenerateKeyPairAsync("a", KeyAlgorithm.EcP256, ct);

        var ex = await Assert.ThrowsAsync<KeyVaultException>(
            () => _vault.DestroyAsync(KeyReference.ByLabel("a"), KeyDestructionConfirmation.Confirm("b", "test"), ct));

        Assert.Equal(KeyVaultErrorReason.ConfirmationRequired, ex.Reason);
        Assert.NotNull(await _vault.FindAsync(KeyReference.ByLabel("a"), ct));
    }

    [Fact]
    public async Task DestroyAsync_ProtectedKey_ThrowsKeyProtected()
    {
        var ct = TestContext.Current.CancellationToken;
        await _vault.GenerateKeyPairAsync("csca", KeyAlgorithm.EcP256, new KeyGenerationOptions { Protected = true }, ct);

        var ex = await Assert.ThrowsAsync<KeyVaultException>(
            () => _vault.DestroyAsync(KeyReference.ByLabel("csca"), KeyDestructionConfirmation.Confirm("csca", "test"), ct));

        Assert.Equal(KeyVaultErrorReason.KeyProtected, ex.Reason);
    }

    [Fact]
    public async Task DestroyAsync_Confirmed_RemovesKey()
    {
        var ct = TestContext.Current.CancellationToken;
        var info = await _vault.GenerateKeyPairAsync("gone", KeyAlgorithm.EcP256, ct);

        await _vault.DestroyAsync(KeyReference.ById(info.Id), KeyDestructionConfirmation.Confirm("gone", "rotation test"), ct);

        Assert.Null(await _vault.FindAsync(KeyReference.ByLabel("gone"), ct));
        var ex = await Assert.ThrowsAsync<KeyVaultException>(() => _vault.GetPublicKeyAsync("gone", ct));
        Assert.Equal(KeyVaultErrorReason.KeyNotFound, ex.Reason);
    }

    [Fact]
    public async Task ListAsync_TwoKeys_ReturnsBothSortedByLabel()
    {
        var ct = TestContext.Current.CancellationToken;
        await _vault.GenerateKeyPairAsync("z", KeyAlgorithm.EcP256, ct);
        await _vault.GenerateKeyPairAsync("a", KeyAlgorithm.Rsa2048, ct);

        var keys = await _vault.ListAsync(ct);

        Assert.Equal(["a", "z"], keys.Select(k => k.Label));
        Assert.Equal(KeyAlgorithm.Rsa2048, keys[0].Algorithm);
    }

    [Fact]
    public async Task SignAsync_EcdsaSchemeOnRsaKey_ThrowsUnsupported()
    {
        var ct = TestContext.Current.CancellationToken;
        await _vault.GenerateKeyPairAsync("rsa", KeyAlgorithm.Rsa2048, ct);

        var ex = await Assert.ThrowsAsync<KeyVaultException>(
            () => _vault.SignAsync("rsa", new byte[32], SignatureScheme.Ecdsa(HashAlgorithmName.SHA256), ct));
        Assert.Equal(KeyVaultErrorReason.UnsupportedAlgorithm, ex.Reason);
    }

    [Fact]
    public async Task CheckHealthAsync_Fresh_IsHealthy()
    {
        var health = await _vault.CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.True(health.IsHealthy);
    }

    public void Dispose() => _vault.Dispose();
}
