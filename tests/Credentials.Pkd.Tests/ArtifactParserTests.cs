using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Contracts.Common.V1;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Pkd;
using Credentials.Pkd.Application;
using Credentials.Icao9303.Tests.Pkd;
using Credentials.Pkd.Options;

namespace Credentials.Pkd.Tests;

/// <summary>
/// Splitting and verifying PKD artifacts made at test time (<see cref="TestPkdLdif"/>, <see cref="TestMasterList"/>):
/// these tests need <em>some</em> Master List or LDIF; the real States' lists go through the service in the integration
/// tests (PkdSyncTests).
/// </summary>
public sealed class ArtifactParserTests
{
    [Fact]
    public async Task BuildAsync_TrustedMasterList_YieldsEveryCscaAndLinkPlusSigner()
    {
        using var csca = X509CertificateLoader.LoadCertificate(TestMasterList.Csca("CN=Utopia CSCA,O=Utopia,C=UT", out var key));
        using var ownedKey = key;
        var content = TestMasterList.Create(csca, key, 20, [TestMasterList.Link(csca, key)]);
        var trust = PinIssuerOf(content);
        var units = await SplitAsync(PkdSourceType.MasterList, content, 500, TestContext.Current.CancellationToken);

        using var gate = new VerificationGate(2);
        var unit = await ArtifactParser.BuildAsync(Assert.Single(units), trust, new ListLookup([]), gate, new CertificateLintCache(), new SyncPhaseTimings(), TestContext.Current.CancellationToken);

        Assert.Equal(1, unit.MasterListsProcessed);
        Assert.Equal(0, unit.Rejected);
        Assert.Equal(22, unit.Certificates.Count(c => c.Kind is CertificateKind.Csca or CertificateKind.Link));
        Assert.Single(unit.Certificates, c => c.Kind == CertificateKind.MasterListSigner);
        Assert.All(unit.Certificates, c => Assert.True(c.Verified));
        Assert.Single(unit.Certificates, c => c.Kind == CertificateKind.Link);
        Assert.Equal(unit.Certificates.Count, unit.Certificates.Select(c => c.Fingerprint).Distinct().Count());
    }

    [Fact]
    public async Task BuildAsync_UntrustedMasterList_IsRejectedWithoutItems()
    {
        using var state = new TestPkdLdif("UT");
        var units = await SplitAsync(PkdSourceType.MasterList, state.MasterList(3), 500, TestContext.Current.CancellationToken);

        using var gate = new VerificationGate(2);
        var unit = await ArtifactParser.BuildAsync(units[0], new TrustPolicy([], []), new ListLookup([]), gate, new CertificateLintCache(), new SyncPhaseTimings(), TestContext.Current.CancellationToken);

        Assert.Empty(unit.Certificates);
        Assert.Equal(1, unit.Rejected);
        Assert.Equal("ml.signer-not-pinned", Assert.Single(unit.RejectionReasons));
    }

    [Fact]
    public async Task SplitAsync_Ldif_PutsMasterListsFirstThenChunksEntries()
    {
        var ct = TestContext.Current.CancellationToken;
        using var state = new TestPkdLdif("UT");
        var mlLdif = await TestPkdLdif.WriteAsync([PkdLdifEntries.MasterList(state.MasterList(2), 1)], ct);
        var entryLdif = await TestPkdLdif.WriteAsync(
            Enumerable.Range(1, 14).Select(i => PkdLdifEntries.Dsc(state.Dsc(i), i))
                .Concat(Enumerable.Range(1, 10).Select(i => PkdLdifEntries.Crl(state.Crl(i), 20 + i))), ct);

        var ml = await SplitAsync(PkdSourceType.IcaoPkdLdif, mlLdif, 10, ct);
        var entries = await SplitAsync(PkdSourceType.IcaoPkdLdif, entryLdif, 10, ct);

        Assert.IsType<UnitSource.MasterList>(Assert.Single(ml));
        Assert.Equal(3, entries.Count);
        Assert.Equal(24, entries.Cast<UnitSource.Entries>().Sum(e => e.Items.Count));
        Assert.Equal([10, 10, 4], entries.Cast<UnitSource.Entries>().Select(e => e.Items.Count));
    }

    [Fact]
    public async Task ReadAsync_MasterListAfterEntries_StillComesFirstAndChunksKeepFileOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        using var state = new TestPkdLdif("UT");
        var dscs = Enumerable.Range(1, 9).Select(i => state.Dsc(i)).ToList();
        var ldif = await TestPkdLdif.WriteAsync(
            Enumerable.Range(0, 5).Select(i => PkdLdifEntries.Dsc(dscs[i], i + 1))
                .Append(PkdLdifEntries.MasterList(state.MasterList(2), 10))
                .Concat(Enumerable.Range(5, 4).Select(i => PkdLdifEntries.Dsc(dscs[i], 10 + i))), ct);

        var split = await ArtifactSplit.PlanAsync(PkdSourceType.IcaoPkdLdif, ldif, 4, ct);
        var units = await ReadAllAsync(split, 0, ct);

        Assert.Equal(4, split.Count);
        Assert.Equal(1, split.MasterListUnits);
        Assert.True(split.IsMasterList(0));
        Assert.False(split.IsMasterList(1));
        Assert.IsType<UnitSource.MasterList>(units[0]);
        Assert.Equal([4, 4, 1], units.Skip(1).Cast<UnitSource.Entries>().Select(e => e.Items.Count));
        Assert.Equal(dscs, units.Skip(1).Cast<UnitSource.Entries>().SelectMany(e => e.Items).Select(i => i.Payload.ToArray()));
    }

    [Fact]
    public async Task ReadAsync_FromCommittedUnit_SkipsEarlierUnitsWithSameBoundaries()
    {
        var ct = TestContext.Current.CancellationToken;
        using var state = new TestPkdLdif("UT");
        var ldif = await TestPkdLdif.WriteAsync(
            new[] { PkdLdifEntries.MasterList(state.MasterList(2), 1), PkdLdifEntries.MasterList(state.MasterList(3), 2) }
                .Concat(Enumerable.Range(1, 10).Select(i => PkdLdifEntries.Dsc(state.Dsc(i), 10 + i))), ct);
        var split = await ArtifactSplit.PlanAsync(PkdSourceType.IcaoPkdLdif, ldif, 3, ct);
        var all = await ReadAllAsync(split, 0, ct);

        var fromSecondMasterList = await ReadAllAsync(split, 1, ct);
        var fromThirdChunk = await ReadAllAsync(split, 4, ct);

        Assert.Equal(6, split.Count);
        Assert.Equal(6, all.Count);
        Assert.Equal(5, fromSecondMasterList.Count);
        Assert.Equal(((UnitSource.MasterList)all[1]).ContentInfo.ToArray(), ((UnitSource.MasterList)fromSecondMasterList[0]).ContentInfo.ToArray());
        Assert.Equal(2, fromThirdChunk.Count);
        Assert.Equal(
            all.Skip(4).Cast<UnitSource.Entries>().SelectMany(e => e.Items).Select(i => i.Payload.ToArray()),
            fromThirdChunk.Cast<UnitSource.Entries>().SelectMany(e => e.Items).Select(i => i.Payload.ToArray()));
        Assert.Empty(await ReadAllAsync(split, 6, ct));
    }

    [Fact]
    public async Task SplitAsync_MalformedLdif_IsOneMalformedUnit()
    {
        var units = await SplitAsync(PkdSourceType.IcaoPkdLdif, "dn: x\nuserCertificate;binary:: !!!\n"u8.ToArray(), 10, TestContext.Current.CancellationToken);

        var malformed = Assert.IsType<UnitSource.Malformed>(Assert.Single(units));
        Assert.False(string.IsNullOrEmpty(malformed.Reason));
    }

    [Fact]
    public async Task BuildAsync_LdifDscsAndCrls_VerifyAgainstStoredCscas()
    {
        // The German CSCA plays the store; the DSCs and CRLs of another State (whose CSCA is not stored) stay unverified.
        var ct = TestContext.Current.CancellationToken;
        using var germany = new TestPkdLdif("DE");
        using var other = new TestPkdLdif("UT");
        var ldif = await TestPkdLdif.WriteAsync(
            new[] { PkdLdifEntries.Dsc(germany.Dsc(1), 1), PkdLdifEntries.Crl(germany.Crl(1), 2) }
                .Concat(Enumerable.Range(1, 13).Select(i => PkdLdifEntries.Dsc(other.Dsc(i), 10 + i)))
                .Concat(Enumerable.Range(1, 9).Select(i => PkdLdifEntries.Crl(other.Crl(i), 30 + i))), ct);
        var authorities = new List<X509CertificateParts> { X509CertificateParts.Decode(germany.Csca.RawData) };

        var units = await SplitAsync(PkdSourceType.IcaoPkdLdif, ldif, 100, ct);
        using var gate = new VerificationGate(2);
        var unit = await ArtifactParser.BuildAsync(Assert.Single(units), new TrustPolicy([], []), new ListLookup(authorities), gate, new CertificateLintCache(), new SyncPhaseTimings(), ct);

        Assert.Equal(14, unit.Certificates.Count);
        Assert.Equal(10, unit.Crls.Count);
        Assert.All(unit.Certificates, c => Assert.Equal(CertificateKind.DocumentSigner, c.Kind));
        var de = Assert.Single(unit.Certificates, c => c.Country == "DE");
        Assert.True(de.Verified);
        Assert.Contains(unit.Crls, c => c.Verified && c.Country == "DE");
        Assert.All(unit.Certificates.Where(c => c.Country != "DE"), c => Assert.False(c.Verified));
        Assert.Equal(22, unit.Rejected);
        Assert.Equal(unit.Certificates.Count(c => !c.Verified) + unit.Crls.Count(c => !c.Verified), unit.Rejected);
        Assert.True(unit.HasUnverified);
    }

    private static TrustPolicy PinIssuerOf(byte[] masterList)
    {
        var issuer = SignedListVerifier.VerifyMasterList(masterList).IssuerCertificate!;
        return new TrustPolicy([TrustPolicy.Fingerprint(issuer.Encoded.Span)], []);
    }

    private sealed class ListLookup(IReadOnlyList<X509CertificateParts> authorities) : ICaCertificateLookup
    {
        public Task<IReadOnlyList<X509CertificateParts>> GetAsync(string country, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<X509CertificateParts>>(authorities.Where(a => ContractMapping.CountryOf(a.Subject) == country).ToList());
    }

    private static async Task<List<UnitSource>> SplitAsync(PkdSourceType type, byte[] content, int entriesPerUnit, CancellationToken cancellationToken) =>
        await ReadAllAsync(await ArtifactSplit.PlanAsync(type, content, entriesPerUnit, cancellationToken), 0, cancellationToken);

    private static async Task<List<UnitSource>> ReadAllAsync(ArtifactSplit split, int first, CancellationToken cancellationToken)
    {
        var units = new List<UnitSource>();
        await foreach (var unit in split.ReadAsync(first, cancellationToken))
        {
            units.Add(unit);
        }

        return units;
    }
}
