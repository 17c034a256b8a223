using Credentials.Contracts.Common.V1;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Pkd;
using Credentials.Pkd.Application;
using Credentials.Pkd.Options;

namespace Credentials.Pkd.Tests;

public sealed class ArtifactParserTests
{
    private const string DeList = "master-lists/DE_ML_2026-05-28-08-28-45.ml";

    [Fact]
    public async Task BuildAsync_TrustedMasterList_YieldsEveryCscaAndLinkPlusSigner()
    {
        var content = Vectors.Read(DeList);
        var trust = PinIssuerOf(content);
        var units = await ArtifactParser.SplitAsync(PkdSourceType.MasterList, content, 500, TestContext.Current.CancellationToken);

        using var gate = new VerificationGate(2);
        var unit = await ArtifactParser.BuildAsync(Assert.Single(units), trust, new ListLookup([]), gate, new CertificateLintCache(), TestContext.Current.CancellationToken);

        Assert.Equal(1, unit.MasterListsProcessed);
        Assert.Equal(0, unit.Rejected);
        Assert.Equal(588, unit.Certificates.Count(c => c.Kind is CertificateKind.Csca or CertificateKind.Link));
        Assert.Single(unit.Certificates, c => c.Kind == CertificateKind.MasterListSigner);
        Assert.All(unit.Certificates, c => Assert.True(c.Verified));
        Assert.Contains(unit.Certificates, c => c.Kind == CertificateKind.Link);
        Assert.Equal(unit.Certificates.Count, unit.Certificates.Select(c => c.Fingerprint).Distinct().Count());
    }

    [Fact]
    public async Task BuildAsync_UntrustedMasterList_IsRejectedWithoutItems()
    {
        var units = await ArtifactParser.SplitAsync(PkdSourceType.MasterList, Vectors.Read(DeList), 500, TestContext.Current.CancellationToken);

        using var gate = new VerificationGate(2);
        var unit = await ArtifactParser.BuildAsync(units[0], new TrustPolicy([], []), new ListLookup([]), gate, new CertificateLintCache(), TestContext.Current.CancellationToken);

        Assert.Empty(unit.Certificates);
        Assert.Equal(1, unit.Rejected);
        Assert.Equal("ml.signer-not-pinned", Assert.Single(unit.RejectionReasons));
    }

    [Fact]
    public async Task SplitAsync_Ldif_PutsMasterListsFirstThenChunksEntries()
    {
        var ml = await ArtifactParser.SplitAsync(PkdSourceType.IcaoPkdLdif, Vectors.Read("ldif/synthetic-pkd-ml-sample.ldif"), 10, TestContext.Current.CancellationToken);
        var entries = await ArtifactParser.SplitAsync(PkdSourceType.IcaoPkdLdif, Vectors.Read("ldif/synthetic-pkd-dsc-crl-sample.ldif"), 10, TestContext.Current.CancellationToken);

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
        // The CSCAs of the DE and NL Master Lists play the store; DSCs and CRLs of other States stay unverified.
        var authorities = new List<X509CertificateParts>();
        foreach (var list in new[] { DeList, "master-lists/NL_ML_2026-07-22.ml" })
        {
            authorities.AddRange(SignedListVerifier.VerifyMasterList(Vectors.Read(list)).MasterList!.Certificates);
        }

        var units = await ArtifactParser.SplitAsync(PkdSourceType.IcaoPkdLdif, Vectors.Read("ldif/synthetic-pkd-dsc-crl-sample.ldif"), 100, TestContext.Current.CancellationToken);
        using var gate = new VerificationGate(2);
        var unit = await ArtifactParser.BuildAsync(Assert.Single(units), new TrustPolicy([], []), new ListLookup(authorities), gate, new CertificateLintCache(), TestContext.Current.CancellationToken);

        Assert.Equal(14, unit.Certificates.Count);
        Assert.Equal(10, unit.Crls.Count);
        Assert.All(unit.Certificates, c => Assert.Equal(CertificateKind.DocumentSigner, c.Kind));
        var de = Assert.Single(unit.Certificates, c => c.Parts.SubjectName.Contains("C=DE", StringComparison.Ordinal) || c.Country == "DE");
        Assert.True(de.Verified);
        Assert.Contains(unit.Crls, c => c.Verified && c.Country == "DE");
        Assert.Equal(unit.Certificates.Count(c => !c.Verified) + unit.Crls.Count(c => !c.Verified), unit.Rejected);
        Assert.Equal(unit.Certificates.Any(c => !c.Verified) || unit.Crls.Any(c => !c.Verified), unit.HasUnverified);
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
