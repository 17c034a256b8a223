using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Lds;
using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Testing;

namespace Credentials.Icao9303.Tests.PassiveAuthentication;

/// <summary>Every file in ../shared/icao-vectors/sod/negative fails, with the right reason.</summary>
public sealed class NegativeVectorTests
{
    /// <summary>(file, stage that fails: decode or verify, reason).</summary>
    public static IEnumerable<ITheoryDataRow> CardSecurityNegatives() => IcaoVectors.Rows(new TheoryData<string, string, string>
    {
        { "gmrtd/DE_EF.CardSecurity_corrupted-SecurityInfos.bin", "decode", "lds.security-infos.trailing-data" },
        { "gmrtd/DE_EF.CardSecurity_corrupted-eContent-OID.bin", "decode", "lds.card-security-content-type" },
        { "gmrtd/DE_EF.CardSecurity_corrupted-last-byte-99-98.bin", "verify", "cms.signature-invalid" },
    });

    /// <summary>(file, set it belongs to, role, failing check, reason).</summary>
    public static IEnumerable<ITheoryDataRow> SodNegatives() => IcaoVectors.Rows(new TheoryData<string, string, string, string, string>
    {
        { "gmrtd/CMS_incorrect-signedData-OID.der", "gmrtd-pa-SG", "sod", "sod.structure", "cms.not-signed-data" },
        { "gmrtd/CMS_missing-signerInfo.der", "gmrtd-pa-SG", "sod", "sod.structure", "cms.no-signer" },
        { "gmrtd/SG_CMS_invalid-contentInfo-length.der", "gmrtd-pa-SG", "sod", "sod.structure", "cms.malformed" },
        { "gmrtd/DE_EF.SOD_corrupted-last-byte-C7-C8.bin", "gmrtd-pa-DE", "sod", "sod.signature", "cms.signature-invalid" },
        { "gmrtd/UK_EF.DG2_corrupted-last-byte-D9-DA.bin", "gmrtd-uk-full", "dg2", "dg2.hash", "dg.hash-mismatch" },
        { "gmrtd/UK_EF.SOD_LDSSecurityObject-length-plus-1.bin", "gmrtd-pa-UK", "sod", "sod.structure", "sod.lds-security-object" },
        { "gmrtd/UK_EF.SOD_invalid-eContentType-2.23.136.2.2.2.bin", "gmrtd-pa-UK", "sod", "sod.structure", "sod.content-type" },
        { "gmrtd/cert_invalid-length-308206ee-to-ef.der", "gmrtd-pa-FR", "dsc", "sod.signer-certificate", "x509.malformed" },
        { "pymrtd/BSI_EF.SOD_LDSSecurityObject-version2_a.bin", "pymrtd-bsi-tr03105-5", "sod", "sod.structure", "sod.lds-version" },
        { "pymrtd/BSI_EF.SOD_LDSSecurityObject-version2_b.bin", "pymrtd-bsi-tr03105-5", "sod", "sod.structure", "sod.lds-version" },
        { "pymrtd/BSI_EF.SOD_SignedData-version1_a.bin", "pymrtd-bsi-tr03105-5", "sod", "sod.structure", "sod.signed-data-version" },
        { "pymrtd/BSI_EF.SOD_SignedData-version1_b.bin", "pymrtd-bsi-tr03105-5", "sod", "sod.structure", "cms.version" },
        { "pymrtd/BSI_EF.SOD_SignedData-version1_c.bin", "pymrtd-bsi-tr03105-5", "sod", "sod.structure", "sod.signed-data-version" },
        { "pymrtd/BSI_EF.SOD_root-contentType-1.2.840.113549.1.7.4.bin", "pymrtd-bsi-tr03105-5", "sod", "sod.structure", "cms.not-signed-data" },
        { "pymrtd/BSI_EF.SOD_root-contentType-1.2.840.113549.1.8.2.bin", "pymrtd-bsi-tr03105-5", "sod", "sod.structure", "cms.not-signed-data" },
        { "pymrtd/BSI_EF.SOD_trailing-data.bin", "pymrtd-bsi-tr03105-5", "sod", "sod.structure", "sod.malformed.trailing-data" },
        { "pymrtd/ETSI_EF.DG1_MRZ-country-D-to-ES.bin", "pymrtd-etsi-eacaa", "dg1", "dg1.hash", "dg.hash-mismatch" },
        { "pymrtd/ETSI_EF.DG15_exponent-010002.bin", "pymrtd-etsi-eacaa", "dg15", "dg15.hash", "dg.hash-mismatch" },
        { "pymrtd/ETSI_EF.SOD_DG1-hash-modified.bin", "pymrtd-etsi-eacaa", "sod", "sod.message-digest", "cms.message-digest-mismatch" },
        { "pymrtd/ETSI_EF.SOD_DG14-hash-modified.bin", "pymrtd-etsi-eacaa", "sod", "sod.message-digest", "cms.message-digest-mismatch" },
        { "pymrtd/ETSI_EF.SOD_eContentType-1.2.840.113549.1.7.5_a.bin", "pymrtd-etsi-eacaa", "sod", "sod.structure", "sod.content-type" },
        { "pymrtd/ETSI_EF.SOD_eContentType-id-data.bin", "pymrtd-etsi-eacaa", "sod", "sod.signature", "cms.signature-invalid" },
        { "pymrtd/ETSI_EF.SOD_signature-last-byte-5C-5D.bin", "pymrtd-etsi-eacaa", "sod", "sod.signature", "cms.signature-invalid" },
    });

    [Theory]
    [MemberData(nameof(SodNegatives))]
    public void Verify_NegativeVector_InvalidWithReason(string file, string set, string role, string check, string reason)
    {
        var bytes = TestVectors.Read("sod", "negative", file);
        var result = PaFixture.Run(set, r => role switch
        {
            "sod" => r with { EfSod = bytes },
            "dsc" => r with { DocumentSignerCertificate = bytes },
            _ => r with
            {
                DataGroups = new Dictionary<int, ReadOnlyMemory<byte>>(r.DataGroups) { [int.Parse(role[2..], System.Globalization.CultureInfo.InvariantCulture)] = bytes },
            },
        });

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        var failing = result.Find(check);
        Assert.NotNull(failing);
        Assert.Equal(CheckStatus.Fail, failing.Status);
        Assert.Equal(reason, failing.Reason);
    }

    [Theory]
    [MemberData(nameof(CardSecurityNegatives))]
    public void CardSecurityNegative_DecodeOrVerifyFailsWithReason(string file, string stage, string reason)
    {
        var bytes = TestVectors.Read("sod", "negative", file);
        if (stage == "decode")
        {
            var ex = Assert.Throws<Icao9303FormatException>(() => EfCardSecurity.Decode(bytes));
            Assert.Equal(reason, ex.Reason);
            return;
        }

        Assert.Equal(reason, EfCardSecurity.Decode(bytes).Verify().FailureReason);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void Decode_GeneratedCertificateLengthOffByOne_ThrowsX509Malformed(int delta)
    {
        // The fault of gmrtd/cert_invalid-length-308206ee-to-ef.der (outer SEQUENCE length one off; that file itself is
        // a row of SodNegatives) on a certificate made now.
        using var passport = TestPassport.Create(TestPassportKey.RsaPkcs1);
        var der = passport.Dsc;
        Assert.Equal(0x82, der[1]);
        der[3] = (byte)(der[3] + delta);
        var ex = Assert.Throws<Icao9303FormatException>(() => X509CertificateParts.Decode(der));
        Assert.StartsWith("x509.malformed", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NegativeFolder_EveryFileCovered()
    {
        var root = TestVectors.PathOf("sod", "negative");
        var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var covered = SodNegatives().Concat(CardSecurityNegatives())
            .Select(row => (string)row.GetData()[0]!)
            .ToHashSet(StringComparer.Ordinal);
        Assert.All(files, f => Assert.Contains(f, covered));
    }
}
