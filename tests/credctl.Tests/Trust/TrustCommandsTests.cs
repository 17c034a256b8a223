using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using credctl.Tests.Generated;
using Credentials.Icao9303.Pkd;
using Credentials.Icao9303.Tests.Pkd;
using Credentials.Icao9303.Tests.PassiveAuthentication;

namespace credctl.Tests.Trust;

/// <summary>
/// credctl's trust commands run as a process over Master Lists, CSCAs, link and Document Signer certificates, CRLs and
/// PKD LDIF files made at test time (<see cref="GeneratedFiles"/>, <see cref="TestPkdLdif"/>): the command's own
/// behaviour. What real States' files hold is checked once, in the Doc 9303 tests' conformance tests.
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
    public async Task MasterListVerify_ListWithoutTrust_ExitZeroWithJsonFields()
    {
        using var files = GeneratedFiles.Create();
        var (list, _, _) = WriteMasterList(files, foreignCount: 5);

        var (code, json) = await Credctl.RunJsonAsync("masterlist", "verify", list, "--json");

        Assert.Equal(0, code);
        Assert.True(json.GetProperty("signatureValid").GetBoolean());
        Assert.Contains("Master List Signer", json.GetProperty("signerSubject").GetString(), StringComparison.Ordinal);
        Assert.Equal(6, json.GetProperty("cscaCount").GetInt32());
        Assert.Contains(json.GetProperty("countries").EnumerateArray(), c => c.GetString() == "UT");
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
    public async Task MasterListExtract_List_WritesEveryCsca()
    {
        using var files = GeneratedFiles.Create();
        var (list, _, _) = WriteMasterList(files, foreignCount: 7);
        var output = Path.Combine(files.Directory, "extracted");

        var (code, text, _) = await Credctl.RunAsync("masterlist", "extract", list, "--out", output);

        Assert.Equal(0, code);
        Assert.Contains("8 CSCA certificates written", text, StringComparison.Ordinal);
        Assert.Equal(8, Directory.GetFiles(output, "*.cer").Length);
        Assert.Contains(Directory.GetFiles(output), f => Path.GetFileName(f).StartsWith("UT_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LdifStats_DscsAndCrls_CountsByTypeAndState()
    {
        using var files = GeneratedFiles.Create();
        using var utopia = new TestPkdLdif("UT");
        using var other = new TestPkdLdif("OT");
        var ldif = await TestPkdLdif.WriteAsync(
            new[] { PkdLdifEntries.Dsc(utopia.Dsc(1), 1) }
                .Concat(Enumerable.Range(1, 3).Select(i => PkdLdifEntries.Crl(utopia.Crl(i), 1 + i)))
                .Concat(Enumerable.Range(1, 13).Select(i => PkdLdifEntries.Dsc(other.Dsc(i), 10 + i)))
                .Concat(Enumerable.Range(1, 7).Select(i => PkdLdifEntries.Crl(other.Crl(i), 30 + i))),
            TestContext.Current.CancellationToken);

        var (code, json) = await Credctl.RunJsonAsync("ldif", "stats", files.Write("pkd.ldif", ldif), "--json");

        Assert.Equal(0, code);
        Assert.Equal(14, json.GetProperty("byType").GetProperty("dsc").GetInt64());
        Assert.Equal(10, json.GetProperty("byType").GetProperty("crl").GetInt64());
        Assert.Equal(3, json.GetProperty("byState").GetProperty("UT").GetProperty("crl").GetInt64());
        Assert.Equal(1, json.GetProperty("byState").GetProperty("UT").GetProperty("dsc").GetInt64());
    }

    [Fact]
    public async Task LdifStats_TruncatedFile_ExitOneWithReason()
    {
        using var files = GeneratedFiles.Create();
        using var utopia = new TestPkdLdif("UT");
        var bytes = await TestPkdLdif.WriteAsync([PkdLdifEntries.MasterList(utopia.MasterList(3), 1)], TestContext.Current.CancellationToken);
        var path = files.Write("cut.ldif", bytes.AsSpan(0, bytes.Length / 2).ToArray());

        var (code, json) = await Credctl.RunJsonAsync("ldif", "stats", path, "--json");

        Assert.Equal(1, code);
        Assert.StartsWith("ldif.truncated", json.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertLint_SameNameLinkCertificate_ExitZeroWithWarnings()
    {
        using var files = GeneratedFiles.Create();
        var der = TestMasterList.Csca("CN=Utopia CSCA,O=Utopia,C=UT", out var oldKey);
        using (oldKey)
        {
            using var csca = X509CertificateLoader.LoadCertificate(der);
            var link = files.Write("link.cer", TestMasterList.Link(csca, oldKey));

            var (code, json) = await Credctl.RunJsonAsync("cert", "lint", link, "--json");

            Assert.Equal(0, code);
            Assert.Equal("Link", json.GetProperty("profile").GetString());
            Assert.Equal(0, json.GetProperty("errors").GetInt32());
            Assert.Contains(json.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "LINK-DN-01" && f.GetProperty("severity").GetString() == "warning");
        }
    }

    [Fact]
    public async Task CertLint_NonConformantDsc_ExitOne()
    {
        // A Document Signer certificate without KeyUsage digitalSignature (Doc 9303 Part 12 section 7.1.1 requires it).
        using var files = GeneratedFiles.Create();
        using var utopia = new TestPkdLdif("UT");
        var path = files.Write("dsc.cer", utopia.Dsc(1, X509KeyUsageFlags.NonRepudiation));

        var (code, json) = await Credctl.RunJsonAsync("cert", "lint", path, "--json");

        Assert.Equal(1, code);
        Assert.Contains(json.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "DS-KU-01");
    }

    [Fact]
    public async Task CrlCheck_PastNextUpdateWithRevokedSerial_StaleAndExitOneRevoked()
    {
        using var files = GeneratedFiles.Create();
        using var utopia = new TestPkdLdif("UT");
        byte[][] revoked = [[0x20, 0x00, 0x01], [0x20, 0x00, 0x02], [0x20, 0x00, 0x03]];
        var crl = files.Write("stale.crl", utopia.Crl(459, -1, revoked));
        var issuer = files.Write("csca.cer", utopia.Csca.RawData);
        var (_, all) = await Credctl.RunJsonAsync("crl", "check", crl, "--issuer", issuer, "--json");
        Assert.True(all.GetProperty("signatureValid").GetBoolean());
        Assert.Equal(3, all.GetProperty("revokedCount").GetInt32());
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
