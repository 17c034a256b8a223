using System.Security.Cryptography.X509Certificates;
using Credentials.Contracts.Common.V1;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Tests.Pkd;
using Credentials.Icao9303.X509;
using Credentials.Pkd.Application;

namespace Credentials.Pkd.Tests;

public sealed class ArtifactUnitTests
{
    [Fact]
    public void DropRepeated_VerifiedCertificateListedEarlier_CountsAsRepeatedWithItsLintFindings()
    {
        var (first, second) = (Item("aa", verified: true, findings: 2), Item("bb", verified: true, findings: 1));
        var earlier = Unit(first);
        var later = Unit(Item("aa", verified: true, findings: 2), second);
        var listed = new HashSet<string>(StringComparer.Ordinal);

        earlier.DropRepeated(listed);
        later.DropRepeated(listed);

        Assert.Equal(0, earlier.Repeated);
        Assert.Equal(1, later.Repeated);
        Assert.Equal("bb", Assert.Single(later.Certificates).Fingerprint);
        Assert.Equal(3, later.LintFindingCount);
        Assert.Equal(["aa", "bb"], listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DropRepeated_UnverifiedCertificate_IsWrittenAgainAndNotListed()
    {
        var listed = new HashSet<string>(["aa"], StringComparer.Ordinal);
        var unit = Unit(Item("aa", verified: false, findings: 0), Item("cc", verified: false, findings: 0));

        unit.DropRepeated(listed);

        Assert.Equal(0, unit.Repeated);
        Assert.Equal(2, unit.Certificates.Count);
        Assert.DoesNotContain("cc", listed);
    }

    private static ArtifactUnit Unit(params CertificateItem[] certificates)
    {
        var unit = new ArtifactUnit();
        unit.Certificates.AddRange(certificates);
        return unit;
    }

    private static CertificateItem Item(string fingerprint, bool verified, int findings)
    {
        using var csca = X509CertificateLoader.LoadCertificate(TestMasterList.Csca("CN=Utopia CSCA,O=Utopia,C=UT", out var key));
        key.Dispose();
        return new CertificateItem(
            fingerprint, X509CertificateParts.Decode(csca.RawData), CertificateKind.Csca, "UT", verified,
            Enumerable.Range(0, findings).Select(i => new LintFinding($"rule.{i}", LintSeverity.Warning, "finding")).ToList());
    }
}
