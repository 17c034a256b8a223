using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.X509;

namespace Credentials.Icao9303.Tests.X509;

public sealed class CertificateRoleRuleTests
{
    private const X509KeyUsageFlags Sign = X509KeyUsageFlags.DigitalSignature;
    private const X509KeyUsageFlags CaUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign;

    public static TheoryData<CertificateRole> SignerRoles => new()
    {
        CertificateRole.DocumentSigner, CertificateRole.MasterListSigner, CertificateRole.DeviationListSigner,
        CertificateRole.DtcSigner, CertificateRole.SealSigner,
    };

    [Fact]
    public void Check_ConformantDocumentSigner_Allowed()
    {
        var dsc = RoleCertificates.Make(Sign, documentTypes: ["P"]);

        var decision = CertificateRoleRule.Check(dsc, CertificateRole.DocumentSigner);

        Assert.True(decision.IsAllowed);
        Assert.Equal(CertificateRoleRule.Allowed, decision.Reason);
        Assert.False(decision.IsDeviation);
    }

    [Theory]
    [MemberData(nameof(SignerRoles))]
    public void Check_CscaAsSigner_RefusedAsCaCertificate(CertificateRole role)
    {
        var csca = RoleCertificates.Make(CaUsage, ca: true);

        var decision = CertificateRoleRule.Check(csca, role);

        Assert.False(decision.IsAllowed);
        Assert.Equal(CertificateRoleRule.CaCertificate, decision.Reason);
    }

    [Theory]
    [MemberData(nameof(SignerRoles))]
    public void Check_KeyCertSignWithoutCaFlag_RefusedAsCertificateSigning(CertificateRole role)
    {
        var certificate = RoleCertificates.Make(Sign | X509KeyUsageFlags.KeyCertSign, ca: false,
            ekus: [CertificateRoleRule.MasterListSignerEku, CertificateRoleRule.DeviationListSignerEku]);

        var decision = CertificateRoleRule.Check(certificate, role);

        Assert.False(decision.IsAllowed);
        Assert.Equal(CertificateRoleRule.KeyUsageCertificateSigning, decision.Reason);
    }

    [Fact]
    public void Check_CrlSignOnlySigner_RefusedAsCertificateSigning()
    {
        var certificate = RoleCertificates.Make(Sign | X509KeyUsageFlags.CrlSign);

        Assert.Equal(CertificateRoleRule.KeyUsageCertificateSigning, CertificateRoleRule.Check(certificate, CertificateRole.DocumentSigner).Reason);
    }

    [Fact]
    public void Check_SignerWithoutDigitalSignature_Refused()
    {
        var certificate = RoleCertificates.Make(X509KeyUsageFlags.KeyEncipherment);

        var decision = CertificateRoleRule.Check(certificate, CertificateRole.DocumentSigner);

        Assert.False(decision.IsAllowed);
        Assert.Equal(CertificateRoleRule.KeyUsageNoDigitalSignature, decision.Reason);
    }

    [Fact]
    public void Check_SignerWithoutKeyUsage_AllowedAsNamedDeviation()
    {
        var certificate = RoleCertificates.Make(keyUsage: null);

        var decision = CertificateRoleRule.Check(certificate, CertificateRole.DocumentSigner);

        Assert.True(decision.IsAllowed);
        Assert.True(decision.IsDeviation);
        Assert.Equal(CertificateRoleRule.KeyUsageAbsent, decision.Reason);
    }

    [Theory]
    [InlineData(CertificateRoleRule.MasterListSignerEku)]
    [InlineData(CertificateRoleRule.DeviationListSignerEku)]
    [InlineData(CertificateRoleRule.SealSignerEku)]
    public void Check_DocumentSignerWithOtherRoleEku_Refused(string eku)
    {
        var certificate = RoleCertificates.Make(Sign, ekus: [eku]);

        var decision = CertificateRoleRule.Check(certificate, CertificateRole.DocumentSigner);

        Assert.False(decision.IsAllowed);
        Assert.Equal(CertificateRoleRule.ExtendedKeyUsageOtherRole, decision.Reason);
    }

    [Fact]
    public void Check_MasterListSignerWithItsEku_Allowed()
    {
        var mls = RoleCertificates.Make(Sign, ekus: [CertificateRoleRule.MasterListSignerEku]);

        Assert.Equal(CertificateRoleRule.Allowed, CertificateRoleRule.Check(mls, CertificateRole.MasterListSigner).Reason);
    }

    [Fact]
    public void Check_MasterListSignerAsDeviationListSigner_RefusedAsEkuMissing()
    {
        var mls = RoleCertificates.Make(Sign, ekus: [CertificateRoleRule.MasterListSignerEku]);

        var decision = CertificateRoleRule.Check(mls, CertificateRole.DeviationListSigner);

        Assert.False(decision.IsAllowed);
        Assert.Equal(CertificateRoleRule.ExtendedKeyUsageMissing, decision.Reason);
    }

    [Fact]
    public void Check_DocumentSignerAsMasterListSigner_RefusedAsEkuMissing()
    {
        var dsc = RoleCertificates.Make(Sign, documentTypes: ["P"]);

        Assert.Equal(CertificateRoleRule.ExtendedKeyUsageMissing, CertificateRoleRule.Check(dsc, CertificateRole.MasterListSigner).Reason);
    }

    [Fact]
    public void Check_MasterListSignerAsSealSigner_RefusedAsOtherRole()
    {
        var mls = RoleCertificates.Make(Sign, ekus: [CertificateRoleRule.MasterListSignerEku]);

        Assert.Equal(CertificateRoleRule.ExtendedKeyUsageOtherRole, CertificateRoleRule.Check(mls, CertificateRole.SealSigner).Reason);
    }

    [Fact]
    public void Check_DtcSignerAsDocumentSigner_RefusedByDocumentTypes()
    {
        var dtcSigner = RoleCertificates.Make(Sign, documentTypes: ["V"]);

        var decision = CertificateRoleRule.Check(dtcSigner, CertificateRole.DocumentSigner);

        Assert.False(decision.IsAllowed);
        Assert.Equal(CertificateRoleRule.DocumentTypeOtherRole, decision.Reason);
        Assert.True(CertificateRoleRule.Check(dtcSigner, CertificateRole.DtcSigner).IsAllowed);
    }

    [Fact]
    public void Check_DocumentSignerAsDtcSigner_RefusedByDocumentTypes()
    {
        var dsc = RoleCertificates.Make(Sign, documentTypes: ["P", "ID"]);

        Assert.Equal(CertificateRoleRule.DocumentTypeOtherRole, CertificateRoleRule.Check(dsc, CertificateRole.DtcSigner).Reason);
    }

    [Fact]
    public void Check_SealSigner_AllowedWithVdsNcEkuAndRefusedWhenADocumentSigner()
    {
        var sealSigner = RoleCertificates.Make(Sign, ekus: [CertificateRoleRule.SealSignerEku]);
        var dsc = RoleCertificates.Make(Sign, documentTypes: ["P"]);

        Assert.Equal(CertificateRoleRule.Allowed, CertificateRoleRule.Check(sealSigner, CertificateRole.SealSigner).Reason);
        Assert.Equal(CertificateRoleRule.DocumentTypeOtherRole, CertificateRoleRule.Check(dsc, CertificateRole.SealSigner).Reason);
        Assert.Equal(CertificateRoleRule.ExtendedKeyUsageOtherRole, CertificateRoleRule.Check(sealSigner, CertificateRole.DocumentSigner).Reason);
    }

    [Theory]
    [InlineData(CertificateRole.Csca)]
    [InlineData(CertificateRole.Link)]
    public void Check_CaCertificateAsIssuer_Allowed(CertificateRole role)
    {
        var csca = RoleCertificates.Make(CaUsage, ca: true);

        Assert.Equal(CertificateRoleRule.Allowed, CertificateRoleRule.Check(csca, role).Reason);
    }

    [Theory]
    [InlineData(CertificateRole.Csca)]
    [InlineData(CertificateRole.Link)]
    public void Check_DocumentSignerAsIssuer_RefusedWithoutKeyCertSign(CertificateRole role)
    {
        var dsc = RoleCertificates.Make(Sign);

        var decision = CertificateRoleRule.Check(dsc, role);

        Assert.False(decision.IsAllowed);
        Assert.Equal(CertificateRoleRule.KeyUsageNoCertificateSigning, decision.Reason);
    }

    [Fact]
    public void Check_IssuerWithCaFalseButKeyCertSign_AllowedAsNamedDeviation()
    {
        var csca = RoleCertificates.Make(CaUsage, ca: false);

        var decision = CertificateRoleRule.Check(csca, CertificateRole.Csca);

        Assert.True(decision.IsDeviation);
        Assert.Equal(CertificateRoleRule.CaFlagAbsent, decision.Reason);
    }

    [Fact]
    public void Check_CrlIssuer_RequiresCrlSign()
    {
        var csca = RoleCertificates.Make(CaUsage, ca: true);
        var certSignOnly = RoleCertificates.Make(X509KeyUsageFlags.KeyCertSign, ca: true);

        Assert.Equal(CertificateRoleRule.Allowed, CertificateRoleRule.Check(csca, CertificateRole.CrlIssuer).Reason);
        Assert.Equal(CertificateRoleRule.KeyUsageNoCrlSigning, CertificateRoleRule.Check(certSignOnly, CertificateRole.CrlIssuer).Reason);
    }

    [Fact]
    public void Check_UnspecifiedRole_Refused()
    {
        var dsc = RoleCertificates.Make(Sign);

        Assert.Equal(CertificateRoleRule.UnknownRole, CertificateRoleRule.Check(dsc, CertificateRole.Unspecified).Reason);
    }

    [Fact]
    public void Check_RealCorpusDocumentSigners_AllowedAsDocumentSigners()
    {
        foreach (var set in Vectors.SodSets.All)
        {
            var path = Path.Combine(TestVectors.PathOf("sod", set), "DSC.cer");
            if (!File.Exists(path))
            {
                continue;
            }

            var dsc = X509CertificateParts.Decode(File.ReadAllBytes(path));
            var decision = CertificateRoleRule.Check(dsc, CertificateRole.DocumentSigner);
            Assert.True(decision.IsAllowed, $"{set}: {decision.Reason} {decision.Detail}");
        }
    }
}
