using System.Security.Cryptography;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Tests.Crypto;

/// <summary>One decoded key verified from many threads at once (the trust-anchor's hot path: one DSC, many documents).</summary>
public sealed class ConcurrentVerificationTests
{
    [Fact]
    public async Task Verify_OneKeyManyThreads_EveryResultIsRight()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var key = VerificationKey.FromSubjectPublicKeyInfo(ecdsa.ExportSubjectPublicKeyInfo());
        var algorithm = SignatureAlgorithm.FromOid(Oids.EcdsaWithSha256, null);
        var messages = Enumerable.Range(0, 64).Select(i => BitConverter.GetBytes(i).Concat("Doc 9303"u8.ToArray()).ToArray()).ToArray();
        var signatures = messages.Select(m => ecdsa.SignData(m, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(worker => Task.Run(() =>
        {
            var wrong = 0;
            for (var round = 0; round < 200; round++)
            {
                var i = (worker + round) % messages.Length;
                var good = SignatureVerifier.Verify(algorithm, key, messages[i], signatures[i]);
                var bad = SignatureVerifier.Verify(algorithm, key, messages[(i + 1) % messages.Length], signatures[i]);
                wrong += (good ? 0 : 1) + (bad ? 1 : 0);
            }

            return wrong;
        }, TestContext.Current.CancellationToken)));

        Assert.All(results, wrong => Assert.Equal(0, wrong));
    }

    [Fact]
    public async Task Dispose_WhileOtherThreadsVerify_NeverThrowsOrAcceptsAWrongSignature()
    {
        using var rsa = RSA.Create(2048);
        var key = VerificationKey.FromSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo());
        var algorithm = SignatureAlgorithm.FromOid(Oids.Sha256WithRsa, null);
        var message = "Doc 9303 Part 11"u8.ToArray();
        var signature = rsa.SignData(message, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var tampered = "Doc 9303 Part 12"u8.ToArray();
        using var stop = new CancellationTokenSource();

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var accepted = 0;
            while (!stop.IsCancellationRequested)
            {
                // After Dispose the key may answer false or use its managed fallback; it must never accept the wrong message.
                try
                {
                    accepted += SignatureVerifier.Verify(algorithm, key, tampered, signature) ? 1 : 0;
                    SignatureVerifier.Verify(algorithm, key, message, signature);
                }
                catch (ObjectDisposedException)
                {
                    // The managed fallback of a disposed key.
                }
            }

            return accepted;
        }, TestContext.Current.CancellationToken)).ToArray();

        await Task.Delay(50, TestContext.Current.CancellationToken);
        key.Dispose();
        await Task.Delay(50, TestContext.Current.CancellationToken);
        await stop.CancelAsync();

        Assert.All(await Task.WhenAll(workers), accepted => Assert.Equal(0, accepted));
    }
}
