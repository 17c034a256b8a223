using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.X509;
using Credentials.Testing;

namespace Credentials.Icao9303.Tests.X509;

public sealed class CertificateProfileLinterTests
{
    /// <summary>
    /// Real States' certificates and CRLs with a known deviation: the profile they are linted with, the warning rule the
    /// deviation raises (none: conformant) — one conformance theory, every file checked when the corpus is present.
    /// Each rule is also checked on material made at test time below.
    /// </summary>
    public static IEnumerable<ITheoryDataRow> Lint_RealKnownDeviation_WarnsNamedRuleWithoutErrorsRows() => IcaoVectors.Rows(new TheoryData<string, string, string>
    {
        { "csca/gmrtd/DE_ROOT_CA_CSCA07.cer", nameof(CertificateProfile.Csca), "X509-KEY-01" },
        { "csca/gmrtd/IDN_2020-10_CSCA_LINK.cer", nameof(CertificateProfile.Link), "LINK-DN-01" },
        { "dsc/from-sod/gmrtd-pa-ID_DSC.cer", nameof(CertificateProfile.DocumentSigner), "DS-DTL-03" },
        { "dsc/from-sod/gmrtd-pa-PH_DSC.cer", nameof(CertificateProfile.DocumentSigner), "DS-DTL-03" },
        { "signer-of:master-lists/NL_ML_2026-07-22.ml", nameof(CertificateProfile.MasterListSigner), "" },
        { "negative-serials-of:master-lists/NL_ML_2026-07-22.ml", nameof(CertificateProfile.Csca), "X509-SER-01" },
        { "crl/zeropass/management_test.crl", "Crl", "CRL-NEXT-02" },
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

    [Theory]
    [MemberData(nameof(Lint_RealKnownDeviation_WarnsNamedRuleWithoutErrorsRows))]
    public void Lint_RealKnownDeviation_WarnsNamedRuleWithoutErrors(string source, string profile, string ruleId)
    {
        var reports = RealReports(source);

        Assert.NotEmpty(reports);
        foreach (var report in reports)
        {
            Assert.Equal(profile, report.Profile);
            Assert.False(report.HasErrors, string.Join("; ", report.Findings));
            if (ruleId.Length > 0)
            {
                Assert.Contains(report.Findings, f => f.RuleId == ruleId && f.Severity == LintSeverity.Warning);
            }
        }
    }

    [Fact]
    public void Lint_SameNameLinkCertificate_DetectedAsLinkWithWarning()
    {
        var der = Pkd.TestMasterList.Csca("CN=Utopia CSCA,O=Utopia,C=UT", out var oldKey);
        using (oldKey)
        {
            using var csca = X509CertificateLoader.LoadCertificate(der);

            var report = CertificateProfileLinter.Lint(Pkd.TestMasterList.Link(csca, oldKey));

            Assert.Equal(nameof(CertificateProfile.Link), report.Profile);
            Assert.Contains(report.Findings, f => f is { RuleId: "LINK-DN-01", Severity: LintSeverity.Warning });
            Assert.False(report.HasErrors);
        }
    }

    [Fact]
    public void Lint_MasterListSigner_DetectedAsMlsWithoutErrors()
    {
        var der = Pkd.TestMasterList.Csca("CN=Utopia CSCA,O=Utopia,C=UT", out var key);
        using (key)
        {
            using var csca = X509CertificateLoader.LoadCertificate(der);
            var signer = Credentials.Icao9303.Pkd.SignedListVerifier.VerifyMasterList(Pkd.TestMasterList.Create(csca, key, 1)).SignerCertificate!;

            var report = CertificateProfileLinter.Lint(signer);

            Assert.Equal(nameof(CertificateProfile.MasterListSigner), report.Profile);
            Assert.False(report.HasErrors, string.Join("; ", report.Findings));
        }
    }

    [Fact]
    public void LintCrl_NextUpdateBeyondNinetyDays_WarnsLongInterval()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var csca = CreateCsca(key, withPkup: true);
        var thisUpdate = DateTimeOffset.UtcNow.AddDays(-1);
        var der = new CertificateRevocationListBuilder().Build(csca.SubjectName, X509SignatureGenerator.CreateForECDsa(key), 1, thisUpdate.AddDays(180),
            HashAlgorithmName.SHA256, X509AuthorityKeyIdentifierExtension.CreateFromCertificate(csca, true, false), thisUpdate);

        var report = CertificateProfileLinter.LintCrl(CertificateRevocationList.Decode(der));

        Assert.Equal("Crl", report.Profile);
        Assert.Contains(report.Findings, f => f is { RuleId: "CRL-NEXT-02", Severity: LintSeverity.Warning });
        Assert.False(report.HasErrors);
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
    public void Lint_CscaWithExplicitEcParameters_WarnsKnownDeviation()
    {
        // .NET cannot create a key with explicit domain parameters; openssl can (ecparam -param_enc explicit).
        using var openSsl = OpenSsl.Create();
        var der = OpenSslCsca(openSsl, "explicit", "4660");

        var report = CertificateProfileLinter.Lint(der);

        Assert.Equal(nameof(CertificateProfile.Csca), report.Profile);
        Assert.Contains(report.Findings, f => f is { RuleId: "X509-KEY-01", Severity: LintSeverity.Warning });
        Assert.DoesNotContain(report.Findings, f => f.RuleId == "X509-SER-01");
        Assert.False(report.HasErrors, string.Join("; ", report.Findings));
    }

    [Fact]
    public void Lint_CscaWithNegativeSerialNumber_WarnsKnownDeviation()
    {
        // .NET refuses to issue a negative serial number; openssl writes one (req -x509 -set_serial -N).
        using var openSsl = OpenSsl.Create();
        var der = OpenSslCsca(openSsl, "named_curve", "-4660");

        var report = CertificateProfileLinter.Lint(der);

        Assert.Equal(nameof(CertificateProfile.Csca), report.Profile);
        Assert.Contains(report.Findings, f => f is { RuleId: "X509-SER-01", Severity: LintSeverity.Warning });
        Assert.DoesNotContain(report.Findings, f => f.RuleId == "X509-KEY-01");
        Assert.False(report.HasErrors, string.Join("; ", report.Findings));
    }

    [Theory]
    [InlineData("types-without-set")]
    [InlineData("missing-version")]
    [InlineData("utf8string")]
    public void Lint_DocumentSignerWithDocumentTypeListVariant_WarnsNamedVariant(string variant)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var issuer = CreateCsca(key, withPkup: true);
        var request = new CertificateRequest("CN=DS,O=Test,C=XX", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(PkupExtension());
        request.CertificateExtensions.Add(new X509Extension(DocumentTypeList.Oid, DocumentTypesVariant(variant), false));
        using var ds = request.Create(issuer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), new byte[] { 0x02 });

        var report = CertificateProfileLinter.Lint(ds.RawData, CertificateProfile.DocumentSigner);

        var finding = Assert.Single(report.Findings, f => f.RuleId == "DS-DTL-03");
        Assert.Equal(LintSeverity.Warning, finding.Severity);
        Assert.Contains(variant, finding.Message, StringComparison.Ordinal);
        Assert.False(report.HasErrors, string.Join("; ", report.Findings));
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

    /// <summary>Lint reports of a corpus source: a certificate, a CRL, the signer or the negative-serial CSCAs of a Master List.</summary>
    private static List<LintReport> RealReports(string source)
    {
        if (source.StartsWith("signer-of:", StringComparison.Ordinal))
        {
            var list = Credentials.Icao9303.Pkd.SignedListVerifier.VerifyMasterList(TestVectors.Read(source["signer-of:".Length..].Split('/')));
            return [CertificateProfileLinter.Lint(list.SignerCertificate!)];
        }

        if (source.StartsWith("negative-serials-of:", StringComparison.Ordinal))
        {
            var list = Credentials.Icao9303.Pkd.SignedListVerifier.VerifyMasterList(TestVectors.Read(source["negative-serials-of:".Length..].Split('/'))).MasterList!;
            return list.Certificates.Where(c => (c.SerialNumber.Span[0] & 0x80) != 0).Select(c => CertificateProfileLinter.Lint(c)).ToList();
        }

        var bytes = TestVectors.Read(source.Split('/'));
        return [source.EndsWith(".crl", StringComparison.Ordinal) ? CertificateProfileLinter.LintCrl(CertificateRevocationList.Decode(bytes)) : CertificateProfileLinter.Lint(bytes)];
    }

    /// <summary>
    /// A self-signed brainpoolP256r1 CSCA made by openssl: <paramref name="parameterEncoding"/> is <c>named_curve</c> or
    /// <c>explicit</c> (ecparam -param_enc), <paramref name="serial"/> a decimal serial number that may be negative.
    /// Otherwise conformant (Doc 9303 Part 12 §7.1.1: basicConstraints, keyUsage, SKI, PrivateKeyUsagePeriod).
    /// </summary>
    private static byte[] OpenSslCsca(OpenSsl openSsl, string parameterEncoding, string serial)
    {
        var config = openSsl.WriteFile("csca.cnf", System.Text.Encoding.ASCII.GetBytes(string.Join('\n',
            "[req]", "distinguished_name = dn", "prompt = no", "x509_extensions = csca",
            "[dn]", "C = UT", "O = Utopia", "CN = Utopia CSCA",
            "[csca]", "basicConstraints = critical,CA:TRUE,pathlen:0", "keyUsage = critical,keyCertSign,cRLSign",
            "subjectKeyIdentifier = hash", $"{PrivateKeyUsagePeriod.Oid} = DER:{Convert.ToHexString(PkupExtension().RawData)}", string.Empty)));
        var (keyCode, keyOutput) = openSsl.Run("ecparam", "-name", "brainpoolP256r1", "-param_enc", parameterEncoding, "-genkey", "-noout", "-out", "csca.key");
        Assert.True(keyCode == 0, $"openssl ecparam: exit {keyCode}: {keyOutput}");
        var certificate = openSsl.WriteFile("csca.der", []);
        var (code, output) = openSsl.Run("req", "-x509", "-new", "-key", "csca.key", "-config", config, "-days", "365",
            "-set_serial", serial, "-sha256", "-outform", "DER", "-out", certificate);
        Assert.True(code == 0, $"openssl req -x509: exit {code}: {output}");
        return File.ReadAllBytes(certificate);
    }

    private static byte[] DocumentTypesVariant(string variant)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            if (variant != "missing-version")
            {
                writer.WriteInteger(0);
            }

            if (variant == "types-without-set")
            {
                // As in some real DSCs: the types directly in the outer SEQUENCE, no SET OF around them.
                writer.WriteCharacterString(UniversalTagNumber.PrintableString, "P");
            }
            else
            {
                using (writer.PushSetOf())
                {
                    writer.WriteCharacterString(variant == "utf8string" ? UniversalTagNumber.UTF8String : UniversalTagNumber.PrintableString, "P");
                }
            }
        }

        return writer.Encode();
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
