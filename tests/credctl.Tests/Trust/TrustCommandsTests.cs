using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using credctl.Tests.Generated;
using Credentials.Icao9303.Tests.Pkd;
using Credentials.Icao9303.Tests.PassiveAuthentication;

namespace credctl.Tests.Trust;

/// <summary>
/// credctl's trust commands run as a process. Real States' lists, CRLs and certificates for what they hold (skipped
/// without the corpus); Master Lists, CSCAs and CRLs made at test time (<see cref="GeneratedFiles"/>) for the command's
/// own behaviour: trust matching, tampering, revocation, wrong issuer, malformed bundle entries, progress.
/// </summary>
public sealed class TrustCommandsTests
{
    [Fact]
    public async Task MasterListVerify_WithMatchingTrust_ExitZero()
    {
        using var files = GeneratedFiles.Create();
        var (list, csca, _) = WriteMasterList(files, foreignCount: 3);

        var (code, json) = await Credctl.RunJsonAsync("masterlist", "verify", list, "--trust", csca, "--json");

        Assert.Equal(0, code);
        Assert.Equal("trust", json.GetProperty("issuerSource").GetString());
        Assert.Equal(4, json.GetProperty("cscaCount").GetInt32());
    }

    [Fact]
    public async Task MasterListVerify_WithForeignTrust_ExitOneNotChained()
    {
        using var files = GeneratedFiles.Create();
        var (list, _, _) = WriteMasterList(files, foreignCount: 1);
        var other = files.Write("other-csca.cer", TestMasterList.Csca("CN=Utopia CSCA,O=Utopia,C=UT", out var otherKey));
        otherKey.Dispose();

        var (code, json) = await Credctl.RunJsonAsync("masterlist", "verify", list, "--trust", other, "--json");

        Assert.Equal(1, code);
        Assert.True(json.GetProperty("signatureValid").GetBoolean());
        Assert.Equal("ml.signer-not-chained", json.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task MasterListVerify_FlippedByte_ExitOneWithReason()
    {
        using var files = GeneratedFiles.Create();
        var (_, _, bytes) = WriteMasterList(files, foreignCount: 3);
        var genuine = await Credctl.RunJsonAsync("masterlist", "verify", files.Write("genuine.ml", bytes), "--json");
        Assert.Equal(0, genuine.ExitCode);
        bytes[bytes.Length / 3] ^= 0x20; // inside the signed certList
        var path = files.Write("tampered.ml", bytes);

        var (code, json) = await Credctl.RunJsonAsync("masterlist", "verify", path, "--json");

        Assert.Equal(1, code);
        Assert.False(json.GetProperty("signatureValid").GetBoolean());
        Assert.StartsWith("cms.", json.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MasterListVerify_LargeListStandardErrorPiped_ResultWithoutProgressLine()
    {
        using var files = GeneratedFiles.Create();
        var (list, _, _) = WriteMasterList(files, foreignCount: 1500);

        var (code, output, error) = await Credctl.RunAsync("masterlist", "verify", list);

        // Progress is for a terminal only (issue 16 item 5): piped stderr gets nothing, stdout the result.
        Assert.Equal(0, code);
        Assert.Contains("CSCAs          1501 (1501 entries", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', error);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public async Task MasterListVerify_RealGermanList_ExitZeroWithJsonFields()
    {
        var (code, json) = await Credctl.RunJsonAsync("masterlist", "verify", Credctl.Vector("master-lists", "DE_ML_2025-08-14-07-41-09.ml"), "--json");

        Assert.Equal(0, code);
        Assert.True(json.GetProperty("signatureValid").GetBoolean());
        Assert.Contains("CSCA Master List Signer", json.GetProperty("signerSubject").GetString(), StringComparison.Ordinal);
        Assert.Equal(571, json.GetProperty("cscaCount").GetInt32());
        Assert.Contains(json.GetProperty("countries").EnumerateArray(), c => c.GetString() == "DE");
        Assert.Equal(0, json.GetProperty("skipped").GetArrayLength());
    }

    [Fact]
    public async Task MasterListVerify_MissingFile_ExitTwo()
    {
        var (code, _, error) = await Credctl.RunAsync("masterlist", "verify", "/nonexistent/list.ml");

        Assert.Equal(2, code);
        Assert.Contains("cannot read", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MasterListExtract_RealDutchList_WritesEveryCsca()
    {
        var output = Directory.CreateTempSubdirectory("credctl-extract-").FullName;

        var (code, text, _) = await Credctl.RunAsync("masterlist", "extract", Credctl.Vector("master-lists", "NL_ML_2025-07-29.ml"), "--out", output);

        Assert.Equal(0, code);
        Assert.Contains("394 CSCA certificates written", text, StringComparison.Ordinal);
        Assert.Equal(394, Directory.GetFiles(output, "*.cer").Length);
        Assert.Contains(Directory.GetFiles(output), f => Path.GetFileName(f).StartsWith("NL_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LdifStats_DscCrlSample_CountsByTypeAndState()
    {
        var (code, json) = await Credctl.RunJsonAsync("ldif", "stats", Credctl.Vector("ldif", "synthetic-pkd-dsc-crl-sample.ldif"), "--json");

        Assert.Equal(0, code);
        Assert.Equal(14, json.GetProperty("byType").GetProperty("dsc").GetInt64());
        Assert.Equal(10, json.GetProperty("byType").GetProperty("crl").GetInt64());
        Assert.Equal(3, json.GetProperty("byState").GetProperty("CN").GetProperty("crl").GetInt64());
        Assert.Equal(1, json.GetProperty("byState").GetProperty("CN").GetProperty("dsc").GetInt64());
    }

    [Fact]
    public async Task LdifStats_TruncatedFile_ExitOneWithReason()
    {
        var bytes = await File.ReadAllBytesAsync(Credctl.Vector("ldif", "synthetic-pkd-ml-sample.ldif"), TestContext.Current.CancellationToken);
        var path = Path.Combine(Directory.CreateTempSubdirectory("credctl-ldif-").FullName, "cut.ldif");
        await File.WriteAllBytesAsync(path, bytes.AsSpan(0, bytes.Length / 2).ToArray(), TestContext.Current.CancellationToken);

        var (code, json) = await Credctl.RunJsonAsync("ldif", "stats", path, "--json");

        Assert.Equal(1, code);
        Assert.StartsWith("ldif.truncated", json.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertLint_RealLinkCertificate_ExitZeroWithWarnings()
    {
        var (code, json) = await Credctl.RunJsonAsync("cert", "lint", Credctl.Vector("csca", "zeropass", "lcsca_it_419cc9e4468248c.cer"), "--json");

        Assert.Equal(0, code);
        Assert.Equal("Link", json.GetProperty("profile").GetString());
        Assert.Equal(0, json.GetProperty("errors").GetInt32());
        Assert.Contains(json.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "LINK-DN-01" && f.GetProperty("severity").GetString() == "warning");
    }

    [Fact]
    public async Task CertLint_NonConformantDsc_ExitOne()
    {
        var (code, json) = await Credctl.RunJsonAsync("cert", "lint", Credctl.Vector("dsc", "from-sod", "jmrtd-bsi2008-mustermann_DSC.cer"), "--json");

        Assert.Equal(1, code);
        Assert.Contains(json.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "DS-KU-01");
    }

    [Fact]
    public async Task CrlCheck_RealUkCrlWithRevokedSerial_ExitOneRevoked()
    {
        var crl = Credctl.Vector("crl", "zeropass", "crl_gb_fp_85824ab57b.crl");
        var issuer = Credctl.Vector("sod", "gmrtd-pa-UK", "CSCA.cer");
        var (_, all) = await Credctl.RunJsonAsync("crl", "check", crl, "--issuer", issuer, "--json");
        Assert.True(all.GetProperty("signatureValid").GetBoolean());
        Assert.Equal(423, all.GetProperty("revokedCount").GetInt32());
        Assert.Equal("459", all.GetProperty("crlNumber").GetString());
        Assert.True(all.GetProperty("stale").GetBoolean());

        var serial = ReadFirstRevokedSerial(await File.ReadAllBytesAsync(crl, TestContext.Current.CancellationToken));
        var (code, json) = await Credctl.RunJsonAsync("crl", "check", crl, "--issuer", issuer, "--serial", serial, "--json");

        Assert.Equal(1, code);
        Assert.True(json.GetProperty("signatureValid").GetBoolean());
        Assert.True(json.GetProperty("serial").GetProperty("revoked").GetBoolean());
    }

    [Fact]
    public async Task CrlCheck_NotRevokedSerial_ExitZeroRevokedSerialExitOne()
    {
        using var files = GeneratedFiles.Create();
        using var passport = TestPassport.Create(TestPassportKey.RsaPkcs1);
        var crl = files.Write("csca.crl", passport.Crl(passport.DscCertificate));
        var issuer = files.Write("CSCA.cer", passport.Csca);

        var (code, json) = await Credctl.RunJsonAsync("crl", "check", crl, "--issuer", issuer, "--serial", "DEADBEEF", "--json");
        var (revokedCode, revoked) = await Credctl.RunJsonAsync("crl", "check", crl, "--issuer", issuer, "--serial", passport.DscCertificate.SerialNumber, "--json");

        Assert.Equal(0, code);
        Assert.True(json.GetProperty("signatureValid").GetBoolean());
        Assert.False(json.GetProperty("serial").GetProperty("revoked").GetBoolean());
        Assert.Equal("1", json.GetProperty("crlNumber").GetString());
        Assert.Equal(1, revokedCode);
        Assert.True(revoked.GetProperty("serial").GetProperty("revoked").GetBoolean());
    }

    [Fact]
    public async Task CrlCheck_IssuerBundleWithMalformedEntries_SkippedEntriesReportedOnStandardError()
    {
        using var files = GeneratedFiles.Create();
        using var passport = TestPassport.Create();
        var crl = files.Write("csca.crl", passport.Crl());
        var other = TestMasterList.Csca("CN=Other CSCA,O=Other,C=OT", out var otherKey);
        otherKey.Dispose();
        var bundle = files.Write("bundle.pem", Encoding.ASCII.GetBytes(Pem(other) + Pem(passport.Csca[..^1]) + Pem(passport.Csca) + Pem(other[..100])));

        var (code, output, error) = await Credctl.RunAsync("crl", "check", crl, "--issuer", bundle, "--json");

        Assert.Equal(0, code);
        Assert.Contains("\"signatureValid\": true", output, StringComparison.Ordinal);
        Assert.Contains("skipped #1: x509.malformed", error, StringComparison.Ordinal);
        Assert.Contains("skipped #3: x509.malformed", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrlCheck_WrongIssuer_ExitOne()
    {
        using var files = GeneratedFiles.Create();
        using var passport = TestPassport.Create();
        var crl = files.Write("csca.crl", passport.Crl());
        var other = files.Write("other.cer", TestMasterList.Csca("CN=Other CSCA,O=Other,C=OT", out var otherKey));
        otherKey.Dispose();

        var (code, json) = await Credctl.RunJsonAsync("crl", "check", crl, "--issuer", other, "--json");

        Assert.Equal(1, code);
        Assert.False(json.GetProperty("signatureValid").GetBoolean());
        Assert.Equal("crl.issuer-not-found", json.GetProperty("reason").GetString());
    }

    /// <summary>A generated Master List (own CSCA + <paramref name="foreignCount"/> others) and its CSCA, written to <paramref name="files"/>.</summary>
    private static (string List, string Csca, byte[] Bytes) WriteMasterList(GeneratedFiles files, int foreignCount)
    {
        var der = TestMasterList.Csca("CN=Utopia CSCA,O=Utopia,C=UT", out var key);
        using (key)
        {
            using var csca = X509CertificateLoader.LoadCertificate(der);
            var bytes = TestMasterList.Create(csca, key, foreignCount);
            return (files.Write("list.ml", bytes), files.Write("csca.cer", der), bytes);
        }
    }

    private static string Pem(byte[] der) => $"-----BEGIN CERTIFICATE-----\n{Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks)}\n-----END CERTIFICATE-----\n";

    private static string ReadFirstRevokedSerial(byte[] crl)
    {
        // TBSCertList: version, signature, issuer, thisUpdate, nextUpdate, revokedCertificates.
        var tbs = new System.Formats.Asn1.AsnReader(crl, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence().ReadSequence();
        tbs.ReadInteger();
        tbs.ReadSequence();
        tbs.ReadSequence();
        tbs.ReadEncodedValue();
        tbs.ReadEncodedValue();
        var entry = tbs.ReadSequence().ReadSequence();
        return Convert.ToHexString(entry.ReadIntegerBytes().Span);
    }
}
