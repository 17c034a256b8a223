using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.X509;
using Credentials.Testing;

namespace Credentials.Icao9303.Tests.X509;

public sealed class CertificateProfileLinterTests
{
    public static IEnumerable<ITheoryDataRow> Lint_RealDscWithDocumentTypeListVariant_WarnsKnownDeviationRows() => IcaoVectors.Rows(new TheoryData<string>
    {
        "gmrtd-pa-ID_DSC.cer",
        "gmrtd-pa-PH_DSC.cer",
    });

    [Fact]
    public void Lint_ConformantSyntheticCsca_NoFindings()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var csca = CreateCsca(key, withPkup: true);

        var report = CertificateProfileLinter.Lint(csca.RawData);

        Assert.Equal(nameof(CertificateProfile.Csca), report.Profile);
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Lint_CscaWithoutPrivateKeyUsagePeriod_WarnsKnownDeviation()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var csca = CreateCsca(key, withPkup: false);

        var report = CertificateProfileLinter.Lint(csca.RawData);

        var finding = Assert.Single(report.Findings);
        Assert.Equal("CSCA-PKUP-01", finding.RuleId);
        Assert.Equal(LintSeverity.Warning, finding.Severity);
        Assert.False(report.HasErrors);
    }

    [Fact]
    public void Lint_RealGermanCscaWithExplicitEcParameters_WarnsOnly()
    {
        var report = CertificateProfileLinter.Lint(TestVectors.Read("csca", "gmrtd", "DE_ROOT_CA_CSCA07.cer"));

        Assert.Equal(nameof(CertificateProfile.Csca), report.Profile);
        Assert.Contains(report.Findings, f => f is { RuleId: "X509-KEY-01", Severity: LintSeverity.Warning });
        Assert.False(report.HasErrors);
    }

    [Fact]
    public void Lint_RealSameNameLinkCertificate_DetectedAsLinkWithWarning()
    {
        var report = CertificateProfileLinter.Lint(TestVectors.Read("csca", "gmrtd", "IDN_2020-10_CSCA_LINK.cer"));

        Assert.Equal(nameof(CertificateProfile.Link), report.Profile);
        Assert.Contains(report.Findings, f => f is { RuleId: "LINK-DN-01", Severity: LintSeverity.Warning });
        Assert.False(report.HasErrors);
    }

    [Theory]
    [MemberData(nameof(Lint_RealDscWithDocumentTypeListVariant_WarnsKnownDeviationRows))]
    public void Lint_RealDscWithDocumentTypeListVariant_WarnsKnownDeviation(string file)
    {
        var report = CertificateProfileLinter.Lint(TestVectors.Read("dsc", "from-sod", file));

        Assert.Equal(nameof(CertificateProfile.DocumentSigner), report.Profile);
        var finding = Assert.Single(report.Findings, f => f.RuleId == "DS-DTL-03");
        Assert.Equal(LintSeverity.Warning, finding.Severity);
        Assert.Contains("types-without-set", finding.Message, StringComparison.Ordinal);
        Assert.False(report.HasErrors);
    }

    [Fact]
    public void Lint_RealMasterListSigner_DetectedAsMlsWithoutErrors()
    {
        var bytes = TestVectors.Read("master-lists", "NL_ML_2026-07-22.ml");
        var signer = Credentials.Icao9303.Pkd.SignedListVerifier.VerifyMasterList(bytes).SignerCertificate!;

        var report = CertificateProfileLinter.Lint(signer);

        Assert.Equal(nameof(CertificateProfile.MasterListSigner), report.Profile);
        Assert.False(report.HasErrors, string.Join("; ", report.Findings));
    }

    [Fact]
    public void Lint_RealCscasWithNegativeSerial_WarnKnownDeviationOnly()
    {
        var bytes = TestVectors.Read("master-lists", "NL_ML_2026-07-22.ml");
        var list = Credentials.Icao9303.Pkd.SignedListVerifier.VerifyMasterList(bytes).MasterList!;
        var negative = list.Certificates.Where(c => (c.SerialNumber.Span[0] & 0x80) != 0).ToList();

        Assert.NotEmpty(negative);
        foreach (var certificate in negative)
        {
            var report = CertificateProfileLinter.Lint(certificate);
            Assert.Contains(report.Findings, f => f is { RuleId: "X509-SER-01", Severity: LintSeverity.Warning });
        }
    }

    [Fact]
    public void Lint_DocumentSignerWithoutDigitalSignature_Error()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var issuer = CreateCsca(key, withPkup: true);
        var request = new CertificateRequest("CN=DS,O=Test,C=XX", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        request.CertificateExtensions.Add(new X509Extension(DocumentTypeList.Oid, DocumentTypes(setOf: false), false));
        using var ds = request.Create(issuer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), new byte[] { 0x01 });

        var report = CertificateProfileLinter.Lint(ds.RawData, CertificateProfile.DocumentSigner);

        Assert.True(report.HasErrors);
        Assert.Contains(report.Findings, f => f is { RuleId: "DS-KU-01", Severity: LintSeverity.Error });
        Assert.Contains(report.Findings, f => f is { RuleId: "DS-PKUP-01", Severity: LintSeverity.Warning });
        Assert.Contains(report.Findings, f => f.RuleId == "DS-DTL-03" && f.Message.Contains("sequence-of", StringComparison.Ordinal));
    }

    [Fact]
    public void LintCrl_RealArgentinaCrl_WarnsLongInterval()
    {
        var crl = CertificateRevocationList.Decode(TestVectors.Read("crl", "zeropass", "management_test.crl"));

        var report = CertificateProfileLinter.LintCrl(crl);

        Assert.Equal("Crl", report.Profile);
        Assert.Contains(report.Findings, f => f is { RuleId: "CRL-NEXT-02", Severity: LintSeverity.Warning });
        Assert.False(report.HasErrors);
    }

    [Fact]
    public void LintCrl_CrlWithoutCrlNumberOrAki_Errors()
    {
        // A v1 CRL (no extensions) built by hand.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            var tbs = new AsnWriter(AsnEncodingRules.DER);
            using (tbs.PushSequence())
            {
                WriteEcdsaSha256(tbs);
                tbs.WriteEncodedValue(new X500DistinguishedName("CN=Test,C=XX").RawData);
                tbs.WriteUtcTime(DateTimeOffset.UtcNow);
            }

            var tbsBytes = tbs.Encode();
            writer.WriteEncodedValue(tbsBytes);
            WriteEcdsaSha256(writer);
            writer.WriteBitString(key.SignData(tbsBytes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }

        var report = CertificateProfileLinter.LintCrl(CertificateRevocationList.Decode(writer.Encode()));

        Assert.Contains(report.Findings, f => f.RuleId == "CRL-VER-01");
        Assert.Contains(report.Findings, f => f.RuleId == "CRL-AKI-01");
        Assert.Contains(report.Findings, f => f.RuleId == "CRL-NUM-01");
        Assert.Contains(report.Findings, f => f.RuleId == "CRL-NEXT-01");
    }

    [Fact]
    public void DocumentTypeListDecode_ConformantSetOf_NoDeviations()
    {
        var list = DocumentTypeList.Decode(DocumentTypes(setOf: true));

        Assert.Equal(["P", "ID"], list.DocumentTypes.Order(StringComparer.Ordinal).Reverse());
        Assert.Empty(list.Deviations);
    }

    [Fact]
    public void PrivateKeyUsagePeriodDecode_BothDates_Read()
    {
        var period = PrivateKeyUsagePeriod.Decode(PkupExtension().RawData);

        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), period.NotBefore);
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), period.NotAfter);
    }

    [Fact]
    public void PrivateKeyUsagePeriodDecode_Empty_Throws()
    {
        var ex = Assert.Throws<Icao9303FormatException>(() => PrivateKeyUsagePeriod.Decode(new byte[] { 0x30, 0x00 }));
        Assert.Equal("x509.pkup-malformed", ex.Reason);
    }

    private static void WriteEcdsaSha256(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier("1.2.840.10045.4.3.2");
        }
    }

    private static X509Certificate2 CreateCsca(ECDsa key, bool withPkup)
    {
        var request = new CertificateRequest("CN=Test CSCA,O=Test,C=XX", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (withPkup)
        {
            request.CertificateExtensions.Add(PkupExtension());
        }

        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
    }

    private static X509Extension PkupExtension()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteGeneralizedTime(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), omitFractionalSeconds: true, new Asn1Tag(TagClass.ContextSpecific, 0));
            writer.WriteGeneralizedTime(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), omitFractionalSeconds: true, new Asn1Tag(TagClass.ContextSpecific, 1));
        }

        return new X509Extension(PrivateKeyUsagePeriod.Oid, writer.Encode(), false);
    }

    private static byte[] DocumentTypes(bool setOf)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            using (setOf ? writer.PushSetOf() : writer.PushSequence())
            {
                writer.WriteCharacterString(UniversalTagNumber.PrintableString, "P");
                writer.WriteCharacterString(UniversalTagNumber.PrintableString, "ID");
            }
        }

        return writer.Encode();
    }
}
