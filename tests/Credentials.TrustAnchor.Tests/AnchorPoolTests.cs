using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.TrustAnchor.Application;
using Credentials.TrustAnchor.Options;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credentials.TrustAnchor.Tests;

/// <summary>Each anchor is decoded once for the life of the process; a changed anchor set decodes only the new certificates.</summary>
public sealed class AnchorPoolTests
{
    [Fact]
    public void Acquire_SameCertificatesTwice_DecodesOnceAndSharesInstances()
    {
        var certificates = Enumerable.Range(0, 20).Select(i => Csca($"Pool {i}")).ToList();
        using var pool = new AnchorPool();

        var first = pool.Acquire(certificates);
        var second = pool.Acquire(certificates);

        Assert.Equal(20, first.Decoded);
        Assert.Equal(0, second.Decoded);
        Assert.Equal(20, second.Anchors.Count);
        Assert.All(Enumerable.Range(0, 20), i => Assert.Same(first.Anchors[i], second.Anchors[i]));
        Assert.Equal(20, pool.Count);
    }

    [Fact]
    public void Release_LastReference_AnchorLeavesPoolAndIsDecodedAgainWhenNeeded()
    {
        var certificate = Csca("Released");
        using var pool = new AnchorPool();
        var first = pool.Acquire([certificate]);
        var second = pool.Acquire([certificate]);

        pool.Release(first.Fingerprints);
        var countWhileHeld = pool.Count;
        pool.Release(second.Fingerprints);
        var again = pool.Acquire([certificate]);

        Assert.Equal(1, countWhileHeld);
        Assert.Equal(1, again.Decoded);
        Assert.NotSame(first.Anchors[0], again.Anchors[0]);
    }

    [Fact]
    public void Acquire_UndecodableAndDuplicateCertificates_SkippedAndCountedOnce()
    {
        var good = Csca("Good");
        byte[] garbage = [0x30, 0x03, 0x02, 0x01, 0x01];
        using var pool = new AnchorPool();

        var acquired = pool.Acquire([good, garbage, good]);
        var again = pool.Acquire([garbage]);

        Assert.Single(acquired.Anchors);
        Assert.Equal(1, acquired.Skipped);
        Assert.Equal(2, acquired.Decoded);
        Assert.Equal(0, again.Decoded);
        Assert.Equal(1, again.Skipped);
    }

    [Fact]
    public async Task EnsureVersion_OneCscaAddedToManyAnchors_OnlyTheNewOneIsDecoded()
    {
        var ct = TestContext.Current.CancellationToken;
        var anchors = Enumerable.Range(0, 40).Select(i => Csca($"Many {i}")).ToList();
        var material = new InMemoryTrustMaterial(new TrustMaterial(1, anchors, [], [], []));
        using var provider = new TrustSnapshotProvider(material, material, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new TrustAnchorOptions()), NullLogger<TrustSnapshotProvider>.Instance);
        var first = await provider.GetAsync(ct);

        material.Replace(new TrustMaterial(2, [.. anchors, Csca("Newcomer")], [], [], []));
        await provider.EnsureVersionAsync(2, ct);
        var second = await provider.GetAsync(ct);

        Assert.Equal(40, first.Anchors.Decoded);
        Assert.Equal(1, second.Anchors.Decoded);
        Assert.NotSame(first.Anchors, second.Anchors);
        Assert.Equal(41, second.Store.Anchors.Count);
        foreach (var anchor in first.Store.Anchors)
        {
            Assert.Contains(second.Store.Anchors, a => ReferenceEquals(a, anchor));
        }
    }

    [Fact]
    public void Build_AnchorRemoved_OldSnapshotKeepsItUntilDisposed()
    {
        var kept = Csca("Kept");
        var removed = Csca("Removed");
        using var pool = new AnchorPool();
        var first = TrustSnapshot.Build(new TrustMaterial(1, [kept, removed], [], [], []), null, pool, DateTimeOffset.UnixEpoch);
        var second = TrustSnapshot.Build(new TrustMaterial(2, [kept], [], [], []), first, pool, DateTimeOffset.UnixEpoch);

        var whileOldAlive = pool.Count;
        first.Dispose(withAnchors: true);
        var afterOldDisposed = pool.Count;
        second.Dispose();

        Assert.Equal(2, whileOldAlive);
        Assert.Equal(1, afterOldDisposed);
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public void Build_SameDocumentSignersAndCrls_ReusesDecodedObjects()
    {
        using var cscaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("C=UT, O=Test, CN=Reuse CSCA", cscaKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var csca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        var crl = new CertificateRevocationListBuilder().Build(csca, 1, DateTimeOffset.UtcNow.AddDays(30), HashAlgorithmName.SHA256);
        var signer = Csca("Stands in for a DSC");
        using var pool = new AnchorPool();

        using var first = TrustSnapshot.Build(new TrustMaterial(1, [csca.RawData], [signer], [crl], []), null, pool, DateTimeOffset.UnixEpoch);
        using var second = TrustSnapshot.Build(new TrustMaterial(2, [csca.RawData], [signer], [crl], ["ab"]), first, pool, DateTimeOffset.UnixEpoch);

        Assert.Same(first.DocumentSigners[0], second.DocumentSigners[0]);
        Assert.Same(first.Crls[0], second.Crls[0]);
        Assert.Same(first.Anchors, second.Anchors);
    }

    private static byte[] Csca(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"C=UT, O=Test, CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        return certificate.RawData;
    }
}
