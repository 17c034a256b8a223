using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Credentials.KeyVault;
using Credentials.KeyVault.Pkcs11;
using Microsoft.Extensions.Options;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

// Usage: Credentials.Bench.KeyVault [--seconds S] [--rounds R] [--token LABEL]
// Needs SOFTHSM2_CONF (in the environment at start), CRED_PKCS11_MODULE and CRED_PKCS11_USER_PIN: source stack.env.
var seconds = ArgValue(args, "--seconds", 3.0);
var rounds = (int)ArgValue(args, "--rounds", 3.0);
var token = ArgText(args, "--token") ?? "tests";
var module = Environment.GetEnvironmentVariable("CRED_PKCS11_MODULE");
if (string.IsNullOrEmpty(module) || string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CRED_PKCS11_USER_PIN")))
{
    Console.Error.WriteLine("CRED_PKCS11_MODULE and CRED_PKCS11_USER_PIN are unset: run scripts/infra up and source .run/stack.env");
    return 2;
}

var options = new KeyVaultOptions
{
    ModulePath = module,
    TokenLabel = token,
    PinEnvironmentVariable = "CRED_PKCS11_USER_PIN",
    MaxSessions = 4,
};
using var vault = new Pkcs11KeyVaultClient(Options.Create(options));
var ct = CancellationToken.None;
var connection = await vault.GetConnectionAsync(ct);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Key vault signing benchmark: token '{token}', {rounds} interleaved rounds of {seconds:0.#} s per path, single thread, {Environment.ProcessorCount} cores"));
Console.WriteLine();
Console.WriteLine("| key | raw C_Sign (sig/s) | IKeyVaultClient.SignAsync (sig/s) | ratio |");
Console.WriteLine("|---|---:|---:|---:|");

foreach (var (algorithm, scheme) in new[]
{
    (KeyAlgorithm.EcP256, SignatureScheme.Ecdsa(HashAlgorithmName.SHA256)),
    (KeyAlgorithm.Rsa3072, SignatureScheme.RsaPkcs1(HashAlgorithmName.SHA256)),
})
{
    var label = $"bench-{algorithm}-{Guid.NewGuid():N}";
    await vault.GenerateKeyPairAsync(label, algorithm, ct);
    try
    {
        var digest = SHA256.HashData("benchmark"u8);
        // The raw path signs exactly what the vault hands the token: the digest (ECDSA) or its DigestInfo (PKCS#1).
        var rawInput = algorithm.IsRsa() ? RsaDigestInfo.Create(HashAlgorithmName.SHA256, digest) : digest;
        using var rawSession = connection.Slot.OpenSession(SessionType.ReadWrite);
        var handle = rawSession.FindAllObjects(
        [
            rawSession.Factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
            rawSession.Factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, label),
        ]).Single();
        using var mechanism = rawSession.Factories.MechanismFactory.Create(algorithm.IsRsa() ? CKM.CKM_RSA_PKCS : CKM.CKM_ECDSA);

        // Warm-up both paths (JIT, key handle cache, pooled session).
        for (var i = 0; i < 20; i++)
        {
            rawSession.Sign(mechanism, handle, rawInput);
            await vault.SignAsync(label, digest, scheme, ct);
        }

        var raw = new List<double>();
        var viaVault = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            raw.Add(Measure(seconds, () => rawSession.Sign(mechanism, handle, rawInput)));
            viaVault.Add(await MeasureAsync(seconds, () => vault.SignAsync(label, digest, scheme, ct)));
        }

        var rawRate = Median(raw);
        var vaultRate = Median(viaVault);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {algorithm} ({scheme}) | {rawRate:0} | {vaultRate:0} | {vaultRate / rawRate:0.00} |"));
        Credentials.Bench.BenchResult.Print(
            $"Key vault SignAsync, {algorithm}", Credentials.Bench.BenchResult.Rate(vaultRate, "sig/s"), "raw C_Sign " + Credentials.Bench.BenchResult.Rate(rawRate, "sig/s"),
            vaultRate / rawRate, "≥ 0.90 of raw C_Sign", vaultRate / rawRate >= 0.9);
    }
    finally
    {
        await vault.DestroyAsync(KeyReference.ByLabel(label), KeyDestructionConfirmation.Confirm(label, "benchmark cleanup"), ct);
    }
}

return 0;

static double Measure(double seconds, Action sign)
{
    var count = 0;
    var watch = Stopwatch.StartNew();
    var limit = TimeSpan.FromSeconds(seconds);
    while (watch.Elapsed < limit)
    {
        sign();
        count++;
    }

    return count / watch.Elapsed.TotalSeconds;
}

static async Task<double> MeasureAsync(double seconds, Func<Task<byte[]>> sign)
{
    var count = 0;
    var watch = Stopwatch.StartNew();
    var limit = TimeSpan.FromSeconds(seconds);
    while (watch.Elapsed < limit)
    {
        await sign();
        count++;
    }

    return count / watch.Elapsed.TotalSeconds;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static double ArgValue(string[] args, string name, double fallback) =>
    ArgText(args, name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

static string? ArgText(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
