using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Issuance;
using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Icao9303.X509;

namespace Credentials.Icao9303.Tests.PassiveAuthentication.Adversarial;

/// <summary>
/// Issue 14: one test per forgery class, each asserting the verdict and the exact reason. Every object is made at test
/// time by <see cref="ForgeryPki"/>.
/// </summary>
public sealed class ForgeryTests
{
    private const string DtcSignerName = "CN=Utopia DTC Signer,O=Utopia,C=UT";

    [Fact]
    public void Verify_GenuineDocumentWithDg1_Valid()
    {
        using var pki = new ForgeryPki();
        var key = pki.NewKey();
        var dsc = pki.DocumentSigner(pki.Csca, key);
        var crl = ForgeryPki.Crl(pki.Csca, 1, ForgeryPki.Now.AddDays(-2));

        var result = ForgeryPki.Verify([pki.Csca], ForgeryPki.Sod(ForgeryPki.DataGroups(), key, dsc.RawData), crls: [crl], printedMrz: ForgeryPki.Mrz);

        Assert.Equal(PassiveAuthenticationVerdict.Valid, result.Verdict);
        Assert.Equal(CertificateRoleRule.Allowed, result.Find("dsc.role")!.Reason);
        Assert.Equal("evidence.dg1-presented", result.Find("evidence.dg1")!.Reason);
    }

    [Fact]
    public void Verify_SodSignedWithTheCscaKey_InvalidCaCertificate()
    {
        using var pki = new ForgeryPki();

        var result = ForgeryPki.Verify([pki.Csca], ForgeryPki.Sod(ForgeryPki.DataGroups(), pki.CscaKey, pki.Csca.RawData));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal(CheckStatus.Pass, result.Find("sod.signature")!.Status);
        var role = result.Find("dsc.role")!;
        Assert.Equal(CheckStatus.Fail, role.Status);
        Assert.Equal(CertificateRoleRule.CaCertificate, role.Reason);
        Assert.Contains("Document Signer", role.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SodSignedBySubordinateCa_InvalidCaCertificate()
    {
        using var pki = new ForgeryPki();
        var key = pki.NewKey();
        var subCa = pki.Issue(pki.Csca, "CN=Utopia Sub CA,O=Utopia,C=UT", key,
            new X509BasicConstraintsExtension(true, false, 0, true),
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));

        var result = ForgeryPki.Verify([pki.Csca], ForgeryPki.Sod(ForgeryPki.DataGroups(), key, subCa.RawData));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("chain.valid", result.Find("chain.csca")!.Reason);
        Assert.Equal(CertificateRoleRule.CaCertificate, result.Find("dsc.role")!.Reason);
    }

    [Fact]
    public void Verify_SodSignedByKeyCertSignSignerWithoutCaFlag_InvalidCertificateSigning()
    {
        using var pki = new ForgeryPki();
        var key = pki.NewKey();
        var signer = pki.Issue(pki.Csca, "CN=Utopia DS,O=Utopia,C=UT", key,
            new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));

        var result = ForgeryPki.Verify([pki.Csca], ForgeryPki.Sod(ForgeryPki.DataGroups(), key, signer.RawData));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal(CertificateRoleRule.KeyUsageCertificateSigning, result.Find("dsc.role")!.Reason);
    }

    [Theory]
    [InlineData(CertificateRoleRule.MasterListSignerEku)]
    [InlineData(CertificateRoleRule.DeviationListSignerEku)]
    [InlineData(CertificateRoleRule.SealSignerEku)]
    public void Verify_SodSignedByAnotherIcaoRoleSigner_InvalidEkuOtherRole(string eku)
    {
        using var pki = new ForgeryPki();
        var key = pki.NewKey();
        var signer = pki.Issue(pki.Csca, "CN=Utopia Signer,O=Utopia,C=UT", key,
            new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true), ForgeryPki.Eku(eku));

        var result = ForgeryPki.Verify([pki.Csca], ForgeryPki.Sod(ForgeryPki.DataGroups(), key, signer.RawData));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal(CertificateRoleRule.ExtendedKeyUsageOtherRole, result.Find("dsc.role")!.Reason);
    }

    [Fact]
    public void Verify_SodSignedByDtcSigner_InvalidDocumentTypeOtherRole()
    {
        using var pki = new ForgeryPki();
        var key = pki.NewKey();
        var signer = pki.Issue(pki.Csca, DtcSignerName, key,
            new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true), IcaoExtensions.DocumentTypeList(["V"]));

        var result = ForgeryPki.Verify([pki.Csca], ForgeryPki.Sod(ForgeryPki.DataGroups(), key, signer.RawData));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal(CertificateRoleRule.DocumentTypeOtherRole, result.Find("dsc.role")!.Reason);
    }

    [Fact]
    public void Verify_DscIssuedByNonCaAnchor_InvalidIssuerRole()
    {
        // A trust store that (wrongly) holds a Document Signer: the certificate it "issued" must not count.
        using var pki = new ForgeryPki();
        var dscKey = pki.NewKey();
        var dsc = pki.DocumentSigner(pki.Csca, dscKey);
        using var dscWithKey = dsc.CopyWithPrivateKey(dscKey);
        var key = pki.NewKey();
        var child = pki.DocumentSigner(dscWithKey, key);

        var result = ForgeryPki.Verify([pki.Csca, dsc], ForgeryPki.Sod(ForgeryPki.DataGroups(), key, child.RawData));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal(CertificateRoleRule.KeyUsageNoCertificateSigning, result.Find("chain.issuer-role")!.Reason);
    }

    [Fact]
    public void Verify_NoDataGroupsPresented_IndeterminateNoDataGroups()
    {
        using var pki = new ForgeryPki();
        var key = pki.NewKey();
        var dsc = pki.DocumentSigner(pki.Csca, key);

        var result = ForgeryPki.Verify([pki.Csca], ForgeryPki.Sod(ForgeryPki.DataGroups(), key, dsc.RawData), dataGroups: new Dictionary<int, ReadOnlyMemory<byte>>());

        Assert.Equal(PassiveAuthenticationVerdict.Indeterminate, result.Verdict);
        Assert.Equal("evidence.no-data-groups", result.Find("evidence.dg1")!.Reason);
        Assert.Equal("dg.not-presented", result.Find("dg1.hash")!.Reason);
    }

    [Fact]
    public void Verify_PrintedMrzWithoutDg1_IndeterminateDg1NotPresented()
    {
        using var pki = new ForgeryPki();
        var key = pki.NewKey();
        var dsc = pki.DocumentSigner(pki.Csca, key);
        var groups = ForgeryPki.DataGroups();
        var withoutDg1 = new Dictionary<int, ReadOnlyMemory<byte>> { [2] = groups[2] };

        var result = ForgeryPki.Verify([pki.Csca], ForgeryPki.Sod(groups, key, dsc.RawData), dataGroups: withoutDg1, printedMrz: ForgeryPki.Mrz);

        Assert.Equal(PassiveAuthenticationVerdict.Indeterminate, result.Verdict);
        var mrz = result.Find("mrz.dg1")!;
        Assert.Equal("mrz.dg1-not-presented", mrz.Reason);
        Assert.True(mrz.Indeterminate);
        Assert.Equal("evidence.dg1-not-presented", result.Find("evidence.dg1")!.Reason);
        Assert.Equal(CheckStatus.Skip, result.Find("dg1.hash")!.Status);
    }

    [Fact]
    public void Verify_DscRevokedOnCrlSignedByNewCscaKeyAfterRollover_InvalidRevoked()
    {
        using var pki = new ForgeryPki();
        var dscKey = pki.NewKey();
        var dsc = pki.DocumentSigner(pki.Csca, dscKey);

        // Rollover: a new CSCA key, self-signed under the same name, and the link certificate the old key made for it.
        var newCsca = pki.SelfSignedCsca(ForgeryPki.CscaName, out var newKey);
        var link = pki.Issue(pki.Csca, ForgeryPki.CscaName, newKey,
            new X509BasicConstraintsExtension(true, true, 0, true),
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var crl = ForgeryPki.Crl(newCsca, 7, ForgeryPki.Now.AddDays(-1), dsc);
        var sod = ForgeryPki.Sod(ForgeryPki.DataGroups(), dscKey, dsc.RawData);

        var result = ForgeryPki.Verify([pki.Csca, newCsca, link], sod, crls: [crl]);

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("crl.revoked", result.Find("crl.dsc")!.Reason);

        // Without the link certificate nothing ties the new key to the DSC's CSCA: the CRL does not apply.
        var unlinked = ForgeryPki.Verify([pki.Csca, newCsca], sod, crls: [crl]);
        Assert.Equal("crl.missing", unlinked.Find("crl.dsc")!.Reason);
    }

    [Fact]
    public void Verify_LinkCertificateNotSignedByPreviousKey_InvalidLinkSignature()
    {
        using var pki = new ForgeryPki();

        // A "link" certificate naming the CSCA as issuer (AKI = its SKI) but made by an impostor key of the same name.
        var impostor = pki.SelfSignedCsca(ForgeryPki.CscaName, out _);
        var linkKey = pki.NewKey();
        var request = new CertificateRequest(ForgeryPki.CscaName, linkKey, System.Security.Cryptography.HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(pki.Csca, true, false));
        using var link = request.Create(impostor, ForgeryPki.Now.AddYears(-1), ForgeryPki.Now.AddYears(5), [0x77]);
        using var linkWithKey = link.CopyWithPrivateKey(linkKey);
        var dscKey = pki.NewKey();
        var dsc = pki.DocumentSigner(linkWithKey, dscKey);

        var result = ForgeryPki.Verify([pki.Csca, link], ForgeryPki.Sod(ForgeryPki.DataGroups(), dscKey, dsc.RawData));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        var check = result.Find("chain.link")!;
        Assert.Equal(CheckStatus.Fail, check.Status);
        Assert.Equal("chain.link-signature-invalid", check.Reason);
    }

    [Fact]
    public void Verify_GenuineLinkCertificate_LinkValid()
    {
        using var pki = new ForgeryPki();
        var newKey = pki.NewKey();
        var link = pki.Issue(pki.Csca, ForgeryPki.CscaName, newKey,
            new X509BasicConstraintsExtension(true, true, 0, true),
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var linkWithKey = link.CopyWithPrivateKey(newKey);
        var dscKey = pki.NewKey();
        var dsc = pki.DocumentSigner(linkWithKey, dscKey);

        var result = ForgeryPki.Verify([pki.Csca, link], ForgeryPki.Sod(ForgeryPki.DataGroups(), dscKey, dsc.RawData));

        Assert.Equal("chain.link-valid", result.Find("chain.link")!.Reason);
        Assert.Equal(PassiveAuthenticationVerdict.ValidWithWarnings, result.Verdict);
    }

    [Fact]
    public void Verify_DscWithUnknownCriticalExtension_InvalidUnknownCriticalExtension()
    {
        using var pki = new ForgeryPki();
        var key = pki.NewKey();
        var dsc = pki.Issue(pki.Csca, "CN=Utopia DS,O=Utopia,C=UT", key,
            new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true), ForgeryPki.UnknownCritical());

        var result = ForgeryPki.Verify([pki.Csca], ForgeryPki.Sod(ForgeryPki.DataGroups(), key, dsc.RawData));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("x509.unknown-critical-extension", result.Find("dsc.profile")!.Reason);
    }

    [Fact]
    public void Verify_SigningTimeAfterValidationTime_Warns()
    {
        using var pki = new ForgeryPki();
        var key = pki.NewKey();
        var dsc = pki.DocumentSigner(pki.Csca, key);
        var crl = ForgeryPki.Crl(pki.Csca, 1, ForgeryPki.Now.AddDays(-2));

        var result = ForgeryPki.Verify([pki.Csca], ForgeryPki.Sod(ForgeryPki.DataGroups(), key, dsc.RawData, ForgeryPki.Now.AddDays(3)), crls: [crl]);

        Assert.Equal(PassiveAuthenticationVerdict.ValidWithWarnings, result.Verdict);
        Assert.Equal("sod.signing-time-after-validation", result.Find("sod.signing-time")!.Reason);
    }

    [Fact]
    public void Verify_SigningTimeOutsidePrivateKeyUsagePeriod_Warns()
    {
        using var pki = new ForgeryPki();
        var key = pki.NewKey();
        var dsc = pki.Issue(pki.Csca, "CN=Utopia DS,O=Utopia,C=UT", key,
            new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true),
            IcaoExtensions.PrivateKeyUsagePeriod(ForgeryPki.Now.AddYears(-1), ForgeryPki.Now.AddMonths(-2)));
        var crl = ForgeryPki.Crl(pki.Csca, 1, ForgeryPki.Now.AddDays(-2));

        var result = ForgeryPki.Verify([pki.Csca], ForgeryPki.Sod(ForgeryPki.DataGroups(), key, dsc.RawData), crls: [crl]);

        Assert.Equal(PassiveAuthenticationVerdict.ValidWithWarnings, result.Verdict);
        Assert.Equal("dsc.signed-outside-private-key-usage-period", result.Find("dsc.private-key-usage")!.Reason);
    }

    [Fact]
    public void Newest_TwoCrlsOfOneSecond_HigherCrlNumberWins()
    {
        using var pki = new ForgeryPki();
        var at = ForgeryPki.Now.AddDays(-1);
        var first = CertificateRevocationList.Decode(ForgeryPki.Crl(pki.Csca, 1, at));
        var second = CertificateRevocationList.Decode(ForgeryPki.Crl(pki.Csca, 2, at));
        var older = CertificateRevocationList.Decode(ForgeryPki.Crl(pki.Csca, 9, at.AddSeconds(-1)));

        Assert.Same(second, CrlSelection.Newest([second, first, older], ForgeryPki.Now));
        Assert.Same(second, CrlSelection.Newest([older, first, second], ForgeryPki.Now));
        Assert.Null(CrlSelection.Newest([first], at.AddSeconds(-1)));
    }
}
