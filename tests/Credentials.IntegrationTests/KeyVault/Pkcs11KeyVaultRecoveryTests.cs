using System.Diagnostics;
using System.Security.Cryptography;
using Credentials.IntegrationTests.Stack;
using Credentials.KeyVault;
using Credentials.KeyVault.Pkcs11;

namespace Credentials.IntegrationTests.KeyVault;

/// <summary>
/// Issue 9: the key vault recovers a token that went away and came back without a restart. The test makes a
/// throw-away token in the stack's SoftHSM2 store and talks to it through a private copy of the module file: a copy
/// is a separate library instance in this process (its own C_Initialize, sessions and logins), so re-initialising it
/// never disturbs the other tests sharing the stack's module.
/// </summary>
[Collection(KeyVaultRecoveryCollection.Name)]
public sealed class Pkcs11KeyVaultRecoveryTests
{
    [Fact]
    public async Task SignAsync_TokenAwayThenBack_FailsTransientlyThenRecoversWithoutNewClient()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        using var token = await ThrowAwayToken.CreateAsync(stack, ct);
        using var vault = KeyVaultStack.CreateClient(new KeyVaultOptions
        {
            ModulePath = token.ModulePath,
            TokenLabel = token.Label,
            PinFile = token.PinFile,
        });
        var label = KeyVaultStack.UniqueLabel("recover");
        await vault.GenerateKeyPairAsync(label, KeyAlgorithm.EcP256, ct);
        var publicKey = await vault.GetPublicKeyAsync(label, ct);
        var digest = SHA256.HashData("recovery"u8);
        var scheme = SignatureScheme.Ecdsa(HashAlgorithmName.SHA256);
        await vault.SignAsync(label, digest, scheme, ct);
        Assert.True((await vault.CheckHealthAsync(ct)).IsHealthy);

        KeyVaultException whileAway;
        KeyVaultHealth healthWhileAway;
        token.TakeAway();
        try
        {
            whileAway = await Assert.ThrowsAsync<KeyVaultException>(() => vault.SignAsync(label, digest, scheme, ct));
            healthWhileAway = await vault.CheckHealthAsync(ct);
        }
        finally
        {
            token.PutBack();
        }

        Assert.Equal(KeyVaultErrorReason.TokenUnavailable, whileAway.Reason);
        Assert.True(whileAway.IsTransient);
        Assert.True(vault.IsRecovering);
        Assert.False(healthWhileAway.IsHealthy);

        // The next reconnect attempt is allowed at most Pkcs11ReconnectBackoff.Max after the last failed one.
        await Task.Delay(Pkcs11ReconnectBackoff.Max, ct);
        var signature = await vault.SignAsync(label, digest, scheme, ct);

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(publicKey, out _);
        Assert.True(ecdsa.VerifyHash(digest, signature, DSASignatureFormat.Rfc3279DerSequence));
        Assert.False(vault.IsRecovering);
        Assert.True((await vault.CheckHealthAsync(ct)).IsHealthy);
    }

    /// <summary>
    /// A key another client destroyed looks like a lost token at first (the handle turns invalid); after re-initialising
    /// the module the token is reachable and the key is still missing, so the answer is KeyNotFound, not transient.
    /// </summary>
    [Fact]
    public async Task SignAsync_KeyDestroyedByAnotherClient_ThrowsKeyNotFoundAndStaysHealthy()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        using var token = await ThrowAwayToken.CreateAsync(stack, ct);
        var options = new KeyVaultOptions { ModulePath = token.ModulePath, TokenLabel = token.Label, PinFile = token.PinFile };
        using var signer = KeyVaultStack.CreateClient(options);
        using var admin = KeyVaultStack.CreateClient(options);
        var label = KeyVaultStack.UniqueLabel("stale");
        await admin.GenerateKeyPairAsync(label, KeyAlgorithm.EcP256, ct);
        var digest = SHA256.HashData("x"u8);
        var scheme = SignatureScheme.Ecdsa(HashAlgorithmName.SHA256);
        await signer.SignAsync(label, digest, scheme, ct);

        await admin.DestroyAsync(KeyReference.ByLabel(label), KeyDestructionConfirmation.Confirm(label, "integration test"), ct);
        var ex = await Assert.ThrowsAsync<KeyVaultException>(() => signer.SignAsync(label, digest, scheme, ct));

        Assert.Equal(KeyVaultErrorReason.KeyNotFound, ex.Reason);
        Assert.False(ex.IsTransient);
        Assert.False(signer.IsRecovering);
        Assert.True((await signer.CheckHealthAsync(ct)).IsHealthy);
        Assert.True((await admin.CheckHealthAsync(ct)).IsHealthy);
    }

    /// <summary>A token initialised for one test in the stack's SoftHSM2 store, with a private copy of the module.</summary>
    private sealed class ThrowAwayToken : IDisposable
    {
        private readonly string _workDirectory;
        private readonly string _tokenDirectory;
        private readonly string _parked;

        private ThrowAwayToken(string label, string workDirectory, string tokenDirectory)
        {
            Label = label;
            _workDirectory = workDirectory;
            _tokenDirectory = tokenDirectory;
            var store = Path.GetDirectoryName(tokenDirectory)!;
            _parked = Path.Combine(Path.GetDirectoryName(store)!, $"{Path.GetFileName(store)}-{Path.GetFileName(tokenDirectory)}.away");
        }

        public string Label { get; }

        public string ModulePath => Path.Combine(_workDirectory, "libsofthsm2-copy.so");

        public string PinFile => Path.Combine(_workDirectory, "pin");

        public static async Task<ThrowAwayToken> CreateAsync(StackEnvironment stack, CancellationToken cancellationToken)
        {
            var label = $"rec-{Guid.NewGuid():N}"[..20];
            var work = Directory.CreateTempSubdirectory("cred-kv-recovery-").FullName;
            File.Copy(stack.Pkcs11ModulePath, Path.Combine(work, "libsofthsm2-copy.so"));
            var pin = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            await File.WriteAllTextAsync(Path.Combine(work, "pin"), pin, cancellationToken);
            await SoftHsmUtilAsync(stack.SoftHsmConfigurationPath, ["--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", pin + "so"], cancellationToken);
            return new ThrowAwayToken(label, work, FindTokenDirectory(stack.SoftHsmConfigurationPath, label));
        }

        public void TakeAway() => Directory.Move(_tokenDirectory, _parked);

        public void PutBack() => Directory.Move(_parked, _tokenDirectory);

        public void Dispose()
        {
            if (Directory.Exists(_parked))
            {
                Directory.Delete(_parked, recursive: true);
            }

            if (Directory.Exists(_tokenDirectory))
            {
                Directory.Delete(_tokenDirectory, recursive: true);
            }

            Directory.Delete(_workDirectory, recursive: true);
        }

        private static string FindTokenDirectory(string configuration, string label)
        {
            var tokens = File.ReadAllLines(configuration)
                .Select(line => line.Split('=', 2))
                .Where(parts => parts.Length == 2 && parts[0].Trim() == "directories.tokendir")
                .Select(parts => parts[1].Trim())
                .Single();
            var padded = System.Text.Encoding.ASCII.GetBytes(label.PadRight(32));
            return Directory.GetDirectories(tokens)
                .Single(dir => File.Exists(Path.Combine(dir, "token.object"))
                    && File.ReadAllBytes(Path.Combine(dir, "token.object")).AsSpan().IndexOf(padded) >= 0);
        }

        private static async Task SoftHsmUtilAsync(string configuration, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
        {
            var start = new ProcessStartInfo("softhsm2-util") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["SOFTHSM2_CONF"] = configuration;
            using var process = Process.Start(start) ?? throw new InvalidOperationException("softhsm2-util did not start");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            Assert.True(process.ExitCode == 0, $"softhsm2-util failed ({process.ExitCode}): {await output} {await error}");
        }
    }
}
