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
        var units = await ArtifactParser.SplitAsync(PkdSourceType.MasterList, content, 500, TestContext.Current.CancellationToken);

        using var gate = new VerificationGate(2);
        var unit = await ArtifactParser.BuildAsync(Assert.Single(units), trust, new ListLookup([]), gate, new CertificateLintCache(), TestContext.Current.CancellationToken);

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
        var units = await ArtifactParser.SplitAsync(PkdSourceType.MasterList, state.MasterList(3), 500, TestContext.Current.CancellationToken);

        using var gate = new VerificationGate(2);
        var unit = await ArtifactParser.BuildAsync(units[0], new TrustPolicy([], []), new ListLookup([]), gate, new CertificateLintCache(), TestContext.Current.CancellationToken);

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

        var ml = await ArtifactParser.SplitAsync(PkdSourceType.IcaoPkdLdif, mlLdif, 10, ct);
        var entries = await ArtifactParser.SplitAsync(PkdSourceType.IcaoPkdLdif, entryLdif, 10, ct);

        Assert.IsType<UnitSource.MasterList>(Assert.Single(ml));
        Assert.Equal(3, entries.Count);
        Assert.Equal(24, entries.Cast<UnitSource.Entries>().Sum(e => e.Items.Count));
        Assert.Equal([10, 10, 4], entries.Cast<UnitSource.Entries>().Select(e => e.Items.Count));
    }

    [Fact]
    public async Task SplitAsync_MalformedLdif_IsOneMalformedUnit()
    {
        var units = await ArtifactParser.SplitAsync(PkdSourceType.IcaoPkdLdif, "dn: x\nuserCertificate;binary:: !!!\n"u8.ToArray(), 10, TestContext.Current.CancellationToken);

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

        var units = await ArtifactParser.SplitAsync(PkdSourceType.IcaoPkdLdif, ldif, 100, ct);
        using var gate = new VerificationGate(2);
        var unit = await ArtifactParser.BuildAsync(Assert.Single(units), new TrustPolicy([], []), new ListLookup(authorities), gate, new CertificateLintCache(), ct);

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
}
