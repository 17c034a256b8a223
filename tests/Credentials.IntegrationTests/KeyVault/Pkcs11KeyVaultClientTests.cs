using System.Security.Cryptography;
using Credentials.IntegrationTests.Stack;
using Credentials.KeyVault;
using Credentials.KeyVault.Pkcs11;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Credentials.IntegrationTests.KeyVault;

/// <summary>The PKCS#11 key vault against the stack's real SoftHSM2 token.</summary>
public sealed class Pkcs11KeyVaultClientTests
{
    public static TheoryData<KeyAlgorithm> Algorithms => new(KeyAlgorithms.All);

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task SignAsync_EachAlgorithm_VerifiesWithDotNet(KeyAlgorithm algorithm)
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        using var vault = KeyVaultStack.CreateClient(KeyVaultStack.Options(stack));
        var label = KeyVaultStack.UniqueLabel(algorithm.ToString());

        var info = await vault.GenerateKeyPairAsync(label, algorithm, ct);
        try
        {
            Assert.Equal(algorithm, info.Algorithm);
            var spki = await vault.GetPublicKeyAsync(KeyReference.ById(info.Id), ct);
            foreach (var hash in new[] { HashAlgorithmName.SHA256, HashAlgorithmName.SHA384, HashAlgorithmName.SHA512 })
            {
                var digest = CryptographicOperations.HashData(hash, "Doc 9303 signed data"u8);
                if (algorithm.IsRsa())
                {
                    using var rsa = RSA.Create();
                    rsa.ImportSubjectPublicKeyInfo(spki, out var read);
                    Assert.Equal(spki.Length, read);
                    Assert.Equal(algorithm.RsaModulusBits(), rsa.KeySize);

                    var pkcs1 = await vault.SignAsync(label, digest, SignatureScheme.RsaPkcs1(hash), ct);
                    var pss = await vault.SignAsync(label, digest, SignatureScheme.RsaPss(hash), ct);

                    Assert.True(rsa.VerifyHash(digest, pkcs1, hash, RSASignaturePadding.Pkcs1), $"PKCS#1 v1.5 {hash.Name}");
                    Assert.True(rsa.VerifyHash(digest, pss, hash, RSASignaturePadding.Pss), $"PSS {hash.Name}");
                    Assert.False(rsa.VerifyHash(Flip(digest), pss, hash, RSASignaturePadding.Pss));
                }
                else
                {
                    using var ecdsa = ECDsa.Create();
                    ecdsa.ImportSubjectPublicKeyInfo(spki, out var read);
                    Assert.Equal(spki.Length, read);
                    Assert.Equal(algorithm.CurveOid(), ecdsa.ExportParameters(false).Curve.Oid.Value);

                    var signature = await vault.SignAsync(label, digest, SignatureScheme.Ecdsa(hash), ct);

                    Assert.True(ecdsa.VerifyHash(digest, signature, DSASignatureFormat.Rfc3279DerSequence), $"ECDSA {hash.Name}");
                    Assert.False(ecdsa.VerifyHash(Flip(digest), signature, DSASignatureFormat.Rfc3279DerSequence));
                }
            }
        }
        finally
        {
            await vault.DestroyAsync(KeyReference.ByLabel(label), KeyDestructionConfirmation.Confirm(label, "integration test cleanup"), ct);
        }

        Assert.Null(await vault.FindAsync(KeyReference.ByLabel(label), ct));
    }

    [Theory]
    [InlineData(KeyAlgorithm.Rsa3072)]
    [InlineData(KeyAlgorithm.EcP256)]
    [InlineData(KeyAlgorithm.EcBrainpoolP384r1)]
    public async Task GenerateKeyPairAsync_PrivateKey_IsSensitiveAndNeverExtractable(KeyAlgorithm algorithm)
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        using var vault = KeyVaultStack.CreateClient(KeyVaultStack.Options(stack));
        var label = KeyVaultStack.UniqueLabel("attributes");
        await vault.GenerateKeyPairAsync(label, algorithm, ct);
        try
        {
            var connection = await vault.GetConnectionAsync(ct);
            var secretAttributes = algorithm.IsRsa()
                ? new List<CKA> { CKA.CKA_PRIVATE_EXPONENT, CKA.CKA_PRIME_1, CKA.CKA_PRIME_2, CKA.CKA_EXPONENT_1, CKA.CKA_COEFFICIENT }
                : new List<CKA> { CKA.CKA_VALUE };
            var flags = new List<CKA>
            {
                CKA.CKA_TOKEN, CKA.CKA_PRIVATE, CKA.CKA_SENSITIVE, CKA.CKA_ALWAYS_SENSITIVE,
                CKA.CKA_EXTRACTABLE, CKA.CKA_NEVER_EXTRACTABLE,
            };

            var (secrets, values) = await connection.Pool.RunAsync(
                session =>
                {
                    var key = session.FindAllObjects(
                    [
                        session.Factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
                        session.Factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, label),
                    ]).Single();
                    return (session.GetAttributeValue(key, secretAttributes), session.GetAttributeValue(key, flags));
                },
                "test: reading attributes",
                ct);

            Assert.All(secrets, attribute => Assert.True(attribute.CannotBeRead, $"{(CKA)attribute.Type} must not be readable"));
            Assert.True(values[0].GetValueAsBool(), "CKA_TOKEN");
            Assert.True(values[1].GetValueAsBool(), "CKA_PRIVATE");
            Assert.True(values[2].GetValueAsBool(), "CKA_SENSITIVE");
            Assert.True(values[3].GetValueAsBool(), "CKA_ALWAYS_SENSITIVE");
            Assert.False(values[4].GetValueAsBool(), "CKA_EXTRACTABLE");
            Assert.True(values[5].GetValueAsBool(), "CKA_NEVER_EXTRACTABLE");
        }
        finally
        {
            await vault.DestroyAsync(KeyReference.ByLabel(label), KeyDestructionConfirmation.Confirm(label, "integration test cleanup"), ct);
        }
    }

    [Fact]
    public async Task SignAsync_EightConcurrentSigners_AllSignaturesVerify()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        using var vault = KeyVaultStack.CreateClient(KeyVaultStack.Options(stack, maxSessions: 8));
        var label = KeyVaultStack.UniqueLabel("concurrent");
        await vault.GenerateKeyPairAsync(label, KeyAlgorithm.EcP256, ct);
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(await vault.GetPublicKeyAsync(label, ct), out _);
            const int Signers = 8;
            const int SignaturesEach = 250;
            using var start = new Barrier(Signers);

            var signers = Enumerable.Range(0, Signers).Select(signer => Task.Run(
                async () =>
                {
                    start.SignalAndWait(ct);
                    var results = new List<(byte[] Digest, byte[] Signature)>(SignaturesEach);
                    for (var i = 0; i < SignaturesEach; i++)
                    {
                        var digest = SHA256.HashData(BitConverter.GetBytes((signer * 100_000) + i));
                        results.Add((digest, await vault.SignAsync(label, digest, SignatureScheme.Ecdsa(HashAlgorithmName.SHA256), ct)));
                    }

                    return results;
                },
                ct)).ToArray();
            var all = (await Task.WhenAll(signers)).SelectMany(r => r).ToList();

            Assert.Equal(Signers * SignaturesEach, all.Count);
            Assert.All(all, r => Assert.True(ecdsa.VerifyHash(r.Digest, r.Signature, DSASignatureFormat.Rfc3279DerSequence)));
            var connection = await vault.GetConnectionAsync(ct);
            Assert.InRange(connection.Pool.OpenSessions, 1, 8);
        }
        finally
        {
            await vault.DestroyAsync(KeyReference.ByLabel(label), KeyDestructionConfirmation.Confirm(label, "integration test cleanup"), ct);
        }
    }

    [Fact]
    public async Task ListAsync_AllSessionsBusyPastTimeout_FailsClearlyThenRecovers()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        var options = KeyVaultStack.Options(stack, maxSessions: 1);
        options.SessionWaitTimeout = TimeSpan.FromMilliseconds(200);
        using var vault = KeyVaultStack.CreateClient(options);
        var connection = await vault.GetConnectionAsync(ct);
        using var acquired = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);

        var holder = Task.Run(
            async () => await connection.Pool.RunAsync(
                session =>
                {
                    acquired.Release();
                    release.Wait(ct);
                    return session.SessionId;
                },
                "test: hold the only session",
                ct),
            ct);
        await acquired.WaitAsync(ct);
        var ex = await Assert.ThrowsAsync<KeyVaultException>(() => vault.ListAsync(ct));
        release.Release();
        await holder;

        Assert.Equal(KeyVaultErrorReason.DeviceError, ex.Reason);
        Assert.Contains("no PKCS#11 session became free", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(await vault.ListAsync(ct));
        Assert.Equal(1, connection.Pool.OpenSessions);
    }

    [Fact]
    public async Task ConnectAsync_WrongPin_FailsWithPinIncorrectOnceAndDoesNotRetry()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        var work = Directory.CreateTempSubdirectory("keyvault-wrong-pin-").FullName;
        var pinFile = Path.Combine(work, "pin");
        await File.WriteAllTextAsync(pinFile, stack.Pkcs11UserPin + "9", ct);
        var options = KeyVaultStack.Options(stack);
        options.PinEnvironmentVariable = null;
        options.PinFile = pinFile;

        // A private copy of the module is a second, never logged-in instance: the login state of the shared module is
        // per process (another test may have logged the token in, and C_Login would then answer ALREADY_LOGGED_IN).
        options.ModulePath = Path.Combine(work, "libsofthsm2-wrong-pin.so");
        File.Copy(stack.Pkcs11ModulePath, options.ModulePath);
        using var vault = KeyVaultStack.CreateClient(options);

        var first = await Assert.ThrowsAsync<KeyVaultException>(() => vault.ConnectAsync(ct));
        var second = await Assert.ThrowsAsync<KeyVaultException>(() => vault.ListAsync(ct));

        Assert.Equal(KeyVaultErrorReason.PinIncorrect, first.Reason);
        Assert.Contains("PIN", first.Message, StringComparison.Ordinal);
        Assert.Contains("'tests'", first.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(stack.Pkcs11UserPin + "9", first.Message, StringComparison.Ordinal);
        Assert.Equal(KeyVaultErrorReason.PinIncorrect, second.Reason);
        Assert.Contains("Not retried", second.Message, StringComparison.Ordinal);
        var health = await vault.CheckHealthAsync(ct);
        Assert.False(health.IsHealthy);
        File.Delete(pinFile);
    }

    [Fact]
    public async Task ConnectAsync_MissingToken_FailsWithTokenNotFoundListingTokens()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        var options = KeyVaultStack.Options(stack);
        options.TokenLabel = "no-such-token";
        using var vault = KeyVaultStack.CreateClient(options);

        var ex = await Assert.ThrowsAsync<KeyVaultException>(() => vault.SignAsync("any", new byte[32], SignatureScheme.Ecdsa(HashAlgorithmName.SHA256), ct));

        Assert.Equal(KeyVaultErrorReason.TokenNotFound, ex.Reason);
        Assert.Contains("No token labelled 'no-such-token'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'tests'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_MissingModule_FailsWithModuleUnavailable()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var options = KeyVaultStack.Options(stack);
        options.ModulePath = "/nonexistent/libpkcs11.so";
        using var vault = KeyVaultStack.CreateClient(options);

        var ex = await Assert.ThrowsAsync<KeyVaultException>(() => vault.ConnectAsync(TestContext.Current.CancellationToken));

        Assert.Equal(KeyVaultErrorReason.ModuleUnavailable, ex.Reason);
    }

    [Fact]
    public async Task DestroyAsync_WithoutMatchingConfirmation_KeepsKey()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        using var vault = KeyVaultStack.CreateClient(KeyVaultStack.Options(stack));
        var label = KeyVaultStack.UniqueLabel("guarded");
        await vault.GenerateKeyPairAsync(label, KeyAlgorithm.EcP256, ct);

        var ex = await Assert.ThrowsAsync<KeyVaultException>(
            () => vault.DestroyAsync(KeyReference.ByLabel(label), KeyDestructionConfirmation.Confirm(label + "x", "wrong label"), ct));

        Assert.Equal(KeyVaultErrorReason.ConfirmationRequired, ex.Reason);
        Assert.NotNull(await vault.FindAsync(KeyReference.ByLabel(label), ct));
        await vault.DestroyAsync(KeyReference.ByLabel(label), KeyDestructionConfirmation.Confirm(label, "integration test cleanup"), ct);
    }

    [Fact]
    public async Task DestroyAsync_ProtectedKey_IsRefused()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        using var vault = KeyVaultStack.CreateClient(KeyVaultStack.Options(stack));
        // One protected key per token, reused across runs: it cannot be removed through the vault by design.
        const string Label = "it-protected";
        var info = await vault.FindAsync(KeyReference.ByLabel(Label), ct)
            ?? await vault.GenerateKeyPairAsync(Label, KeyAlgorithm.EcP256, new KeyGenerationOptions { Protected = true }, ct);

        var ex = await Assert.ThrowsAsync<KeyVaultException>(
            () => vault.DestroyAsync(KeyReference.ByLabel(Label), KeyDestructionConfirmation.Confirm(Label, "must be refused"), ct));

        Assert.True(info.IsProtected);
        Assert.Equal(KeyVaultErrorReason.KeyProtected, ex.Reason);
        Assert.Contains(await vault.ListAsync(ct), k => k.Label == Label && k.IsProtected);

        // The token enforces it too: CKA_DESTROYABLE=false makes a raw C_DestroyObject fail (CKR_ACTION_PROHIBITED).
        var connection = await vault.GetConnectionAsync(ct);
        var raw = await Assert.ThrowsAsync<KeyVaultException>(async () => await connection.Pool.RunAsync(
            session =>
            {
                var key = session.FindAllObjects(
                [
                    session.Factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
                    session.Factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, Label),
                ]).Single();
                session.DestroyObject(key);
                return true;
            },
            "test: raw destroy",
            ct));
        Assert.Equal(KeyVaultErrorReason.KeyProtected, raw.Reason);
    }

    [Fact]
    public async Task GenerateKeyPairAsync_ExistingLabel_ThrowsKeyAlreadyExists()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        using var vault = KeyVaultStack.CreateClient(KeyVaultStack.Options(stack));
        var label = KeyVaultStack.UniqueLabel("duplicate");
        var info = await vault.GenerateKeyPairAsync(label, KeyAlgorithm.EcP384, ct);
        try
        {
            var ex = await Assert.ThrowsAsync<KeyVaultException>(() => vault.GenerateKeyPairAsync(label, KeyAlgorithm.EcP256, ct));

            Assert.Equal(KeyVaultErrorReason.KeyAlreadyExists, ex.Reason);
            var listed = Assert.Single(await vault.ListAsync(ct), k => k.Label == label);
            Assert.Equal(info, listed);
        }
        finally
        {
            await vault.DestroyAsync(KeyReference.ByLabel(label), KeyDestructionConfirmation.Confirm(label, "integration test cleanup"), ct);
        }
    }

    private static byte[] Flip(byte[] digest)
    {
        var copy = (byte[])digest.Clone();
        copy[0] ^= 0x01;
        return copy;
    }
}
