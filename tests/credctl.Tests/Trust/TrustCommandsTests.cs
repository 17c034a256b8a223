using System.Text.Json;

namespace credctl.Tests.Trust;

public sealed class TrustCommandsTests
{
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
    public async Task MasterListVerify_WithMatchingTrust_ExitZero()
    {
        var (code, json) = await Credctl.RunJsonAsync("masterlist", "verify", Credctl.Vector("master-lists", "NL_ML_2026-07-22.ml"),
            "--trust", Credctl.Vector("csca", "gmrtd", "NL_ROOT_CA.cer"), "--json");

        Assert.Equal(0, code);
        Assert.Equal("trust", json.GetProperty("issuerSource").GetString());
    }

    [Fact]
    public async Task MasterListVerify_WithForeignTrust_ExitOneNotChained()
    {
        var (code, json) = await Credctl.RunJsonAsync("masterlist", "verify", Credctl.Vector("master-lists", "NL_ML_2026-07-22.ml"),
            "--trust", Credctl.Vector("csca", "gmrtd", "DE_ROOT_CA_CSCA07.cer"), "--json");

        Assert.Equal(1, code);
        Assert.True(json.GetProperty("signatureValid").GetBoolean());
        Assert.Equal("ml.signer-not-chained", json.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task MasterListVerify_FlippedByte_ExitOneWithReason()
    {
        var bytes = await File.ReadAllBytesAsync(Credctl.Vector("master-lists", "NL_MASTERLIST_20211207.mls"), TestContext.Current.CancellationToken);
        bytes[bytes.Length / 3] ^= 0x20;
        var path = Path.Combine(Directory.CreateTempSubdirectory("credctl-ml-").FullName, "tampered.mls");
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);

        var (code, json) = await Credctl.RunJsonAsync("masterlist", "verify", path, "--json");

        Assert.Equal(1, code);
        Assert.False(json.GetProperty("signatureValid").GetBoolean());
        Assert.StartsWith("cms.", json.GetProperty("reason").GetString(), StringComparison.Ordinal);
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
    public async Task CrlCheck_NotRevokedSerial_ExitZero()
    {
        var (code, json) = await Credctl.RunJsonAsync("crl", "check", Credctl.Vector("crl", "zienit", "COL.crl"),
            "--issuer", Credctl.Vector("csca", "bundles", "NFCPassportReader_masterList.pem"), "--serial", "DEADBEEF", "--json");

        Assert.Equal(0, code);
        Assert.False(json.GetProperty("serial").GetProperty("revoked").GetBoolean());
        Assert.Equal("891", json.GetProperty("crlNumber").GetString());
    }

    [Fact]
    public async Task CrlCheck_IssuerBundleWithMalformedEntries_SkippedEntriesReportedOnStandardError()
    {
        var (code, output, error) = await Credctl.RunAsync("crl", "check", Credctl.Vector("crl", "zienit", "COL.crl"),
            "--issuer", Credctl.Vector("csca", "bundles", "NFCPassportReader_masterList.pem"), "--json");

        Assert.Equal(0, code);
        Assert.Contains("\"signatureValid\": true", output, StringComparison.Ordinal);
        Assert.Contains("skipped #473: x509.malformed", error, StringComparison.Ordinal);
        Assert.Contains("skipped #475: x509.malformed", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrlCheck_WrongIssuer_ExitOne()
    {
        var (code, json) = await Credctl.RunJsonAsync("crl", "check", Credctl.Vector("crl", "zeropass", "crl_de_fp_e421c6cf21.crl"),
            "--issuer", Credctl.Vector("csca", "zeropass", "csca_us_4e32d006.cer"), "--json");

        Assert.Equal(1, code);
        Assert.False(json.GetProperty("signatureValid").GetBoolean());
        Assert.Equal("crl.issuer-not-found", json.GetProperty("reason").GetString());
    }

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
