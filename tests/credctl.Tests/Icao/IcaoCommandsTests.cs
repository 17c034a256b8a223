using System.Text.Json;
using credctl.Tests.Generated;
using Credentials.Icao9303.Tests.PassiveAuthentication;

namespace credctl.Tests.Icao;

/// <summary>
/// credctl's Doc 9303 commands run as a process: passports made at test time (<see cref="TestPassport"/>, DG1 = the
/// Part 4 specimen MRZ below) for the command's behaviour; one real State's SOD for what it holds (an explicit-curve
/// key, skipped without the corpus).
/// </summary>
public sealed class IcaoCommandsTests
{
    private const string Td3Line1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
    private const string Td3Line2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

    [Fact]
    public async Task MrzCheck_ValidTd3Json_ExitZeroWithFieldsAndCheckDigits()
    {
        var (code, json) = await CredctlProcess.RunJsonAsync("mrz", "check", Td3Line1, Td3Line2, "--json");
        Assert.Equal(0, code);
        Assert.True(json.GetProperty("valid").GetBoolean());
        Assert.Equal("TD3", json.GetProperty("format").GetString());
        Assert.Equal("L898902C3", json.GetProperty("fields").GetProperty("documentNumber").GetString());
        Assert.Equal(5, json.GetProperty("checkDigits").GetArrayLength());
    }

    [Fact]
    public async Task MrzCheck_Td1ThreeLines_ExitZero()
    {
        var (code, json) = await CredctlProcess.RunJsonAsync("mrz", "check", "I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<", "--json");
        Assert.Equal(0, code);
        Assert.Equal("TD1", json.GetProperty("format").GetString());
    }

    [Fact]
    public async Task MrzCheck_BadCheckDigit_ExitOneAndNamesField()
    {
        var (code, json) = await CredctlProcess.RunJsonAsync("mrz", "check", Td3Line1, Td3Line2.Replace("7408122", "7408123", StringComparison.Ordinal), "--json");
        Assert.Equal(1, code);
        Assert.False(json.GetProperty("valid").GetBoolean());
        var failed = json.GetProperty("checkDigits").EnumerateArray().Where(c => !c.GetProperty("valid").GetBoolean()).Select(c => c.GetProperty("field").GetString()).ToList();
        Assert.Contains("dateOfBirth", failed);
    }

    [Theory]
    [InlineData("L898902C36UTO7413122F1204159ZE184226B<<<<<10", "dateOfBirth", "mrz.date-of-birth-invalid")]
    [InlineData("L898902C36UTO7408322F1204159ZE184226B<<<<<10", "dateOfBirth", "mrz.date-of-birth-invalid")]
    [InlineData("L898902C36UTO7408122F1202309ZE184226B<<<<<10", "dateOfExpiry", "mrz.date-of-expiry-invalid")]
    [InlineData("L898902C36UTO74A8122F1204159ZE184226B<<<<<10", "dateOfBirth", "mrz.date-of-birth-invalid")]
    public async Task MrzCheck_ImpossibleDateRightCheckDigits_ExitOneAndReasonNamesField(string line2, string field, string reason)
    {
        // Month 13, day 32, 30 February and a letter, each with its check digit and the composite recomputed.
        var fixedLine2 = WithCheckDigits(line2);
        var (code, json) = await CredctlProcess.RunJsonAsync("mrz", "check", Td3Line1, fixedLine2, "--json");
        Assert.Equal(1, code);
        Assert.False(json.GetProperty("valid").GetBoolean());
        Assert.All(json.GetProperty("checkDigits").EnumerateArray(), c => Assert.True(c.GetProperty("valid").GetBoolean()));
        var error = Assert.Single(json.GetProperty("fieldErrors").EnumerateArray());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Equal(reason, error.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task MrzCheck_UtopiaSpecimen_ExitZeroWithCountryCodeWarnings()
    {
        var (code, json) = await CredctlProcess.RunJsonAsync("mrz", "check", Td3Line1, Td3Line2, "--json");
        Assert.Equal(0, code);
        Assert.Equal(
            ["mrz.issuing-state-unknown", "mrz.nationality-unknown"],
            json.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("reason").GetString()!).ToArray());
    }

    [Fact]
    public async Task MrzCheck_NotAnMrz_ExitOne()
    {
        var (code, _, error) = await CredctlProcess.RunAsync("mrz", "check", "HELLO", "WORLD");
        Assert.Equal(1, code);
        Assert.Contains("mrz.length", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BacKeys_Part11AppendixD_PrintsKeys()
    {
        var (code, output, _) = await CredctlProcess.RunAsync("bac-keys", "--document-number", "L898902C", "--birth", "690806", "--expiry", "940623");
        Assert.Equal(0, code);
        Assert.Contains("K_seed: 239AB9CB282DAF66231DC5A4DF6BFBAE", output, StringComparison.Ordinal);
        Assert.Contains("K_enc:  AB94FDECF2674FDFB9B391F85D7F76F2", output, StringComparison.Ordinal);
        Assert.Contains("K_mac:  7962D9ECE03D1ACD4C76089DCE131543", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BacKeys_BadDate_ExitTwo()
    {
        var (code, _, _) = await CredctlProcess.RunAsync("bac-keys", "--document-number", "L898902C", "--birth", "6908", "--expiry", "940623");
        Assert.Equal(2, code);
    }

    [Fact]
    public async Task Verify_RsaPassportWithAaKey_ExitZeroValidWithWarningsAndDscFields()
    {
        // DG1, DG2 and DG15 (an Active Authentication key, Doc 9303 Part 11 section 6.1) under an RSA Document Signer.
        using var files = GeneratedFiles.Create();
        using var aaKey = System.Security.Cryptography.RSA.Create(2048);
        var groups = new Dictionary<int, ReadOnlyMemory<byte>>(Credentials.Icao9303.Tests.PassiveAuthentication.Adversarial.ForgeryPki.DataGroups())
        {
            [15] = new Credentials.Icao9303.Lds.DataGroups.DataGroup15(aaKey.ExportSubjectPublicKeyInfo()).Encode(),
        };
        using var passport = TestPassport.Create(TestPassportKey.RsaPkcs1, groups);
        var (sod, dg1, dg2, csca) = files.WritePassport(passport);
        var dg15 = files.Write("EF.DG15.bin", passport.DataGroups[15].ToArray());
        var (code, json) = await CredctlProcess.RunJsonAsync(
            "verify", "--sod", sod, "--dg", "1=" + dg1, "--dg", "2=" + dg2, "--dg", "15=" + dg15, "--csca", csca, "--at", "2026-03-01T00:00:00Z", "--json");
        Assert.Equal(0, code);
        Assert.Equal("VALID_WITH_WARNINGS", json.GetProperty("verdict").GetString());
        var checks = json.GetProperty("checks").EnumerateArray().ToList();
        Assert.Contains(checks, c => c.GetProperty("name").GetString() == "dg15.hash" && c.GetProperty("status").GetString() == "pass");
        Assert.All(checks, c => Assert.NotEqual("fail", c.GetProperty("status").GetString()));
        var dsc = json.GetProperty("dsc");
        Assert.Equal("1001", dsc.GetProperty("serial").GetString());
        Assert.Equal("RSA-2048", dsc.GetProperty("keyAlgorithm").GetString());
        foreach (var field in new[] { "subject", "issuer", "notBefore", "notAfter" })
        {
            Assert.Equal(JsonValueKind.String, dsc.GetProperty(field).ValueKind);
        }
    }

    [Fact]
    public async Task Verify_CscaBundleWithMalformedEntries_GoodEntriesUsedEachSkippedOneReported()
    {
        using var files = GeneratedFiles.Create();
        using var passport = TestPassport.Create();
        var (sod, dg1, dg2, _) = files.WritePassport(passport);
        var others = Enumerable.Range(0, 3).Select(i =>
        {
            var der = Credentials.Icao9303.Tests.Pkd.TestMasterList.Csca($"CN=CSCA {i},O=State {i},C=O{(char)('A' + i)}", out var key);
            key.Dispose();
            return der;
        }).ToList();
        // Entries 2 and 5 are cut short: the bundle reader skips and reports them, and uses the others.
        var bundle = files.Write("bundle.pem", System.Text.Encoding.ASCII.GetBytes(
            Pem(others[0]) + Pem(others[1][..^1]) + Pem(passport.Csca) + Pem(others[1]) + Pem(others[2][..100]) + Pem(others[2])));

        var (code, output, error) = await CredctlProcess.RunAsync(
            "verify", "--sod", sod, "--dg", "1=" + dg1, "--dg", "2=" + dg2, "--csca", bundle, "--at", "2026-03-01", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Contains(json.RootElement.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "chain.csca" && c.GetProperty("status").GetString() == "pass");
        Assert.Contains("4 certificates used (6 entries, 0 duplicates, 2 skipped)", error, StringComparison.Ordinal);
        Assert.Equal(2, error.Split('\n').Count(l => l.TrimStart().StartsWith("skipped #", StringComparison.Ordinal) && l.Contains("x509.malformed", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Verify_MissingFile_ExitTwo()
    {
        var (code, _, error) = await CredctlProcess.RunAsync("verify", "--sod", "/nonexistent/EF.SOD.bin", "--csca", "/nonexistent/csca.cer");
        Assert.Equal(2, code);
        Assert.Contains("nonexistent", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SodDump_DscWithExplicitCurve_PrintsLdsVersionHashesAndExplicitCurve()
    {
        // A brainpoolP384r1 DSC whose key carries explicit domain parameters, as the German SODs' do.
        using var files = GeneratedFiles.Create();
        using var passport = TestPassport.Create(TestPassportKey.EcBrainpoolP384, variant: TestPassport.Variant.ExplicitDscParameters);
        var (sod, _, _, _) = files.WritePassport(passport);

        var (code, json) = await CredctlProcess.RunJsonAsync("sod", "dump", sod, "--json");

        Assert.Equal(0, code);
        Assert.Equal(0, json.GetProperty("ldsSecurityObjectVersion").GetInt32());
        Assert.Equal("SHA-384", json.GetProperty("hashAlgorithm").GetString());
        Assert.Equal(passport.DataGroups.Count, json.GetProperty("dataGroupHashes").GetArrayLength());
        Assert.Equal("EC brainpoolP384r1 (explicit)", json.GetProperty("dsc").GetProperty("keyAlgorithm").GetString());
    }

    [Fact]
    public async Task Verify_RequireCrlWithoutCrl_ExitOneIndeterminate()
    {
        using var files = GeneratedFiles.Create();
        using var passport = TestPassport.Create(TestPassportKey.EcBrainpoolP384);
        var (sod, dg1, dg2, csca) = files.WritePassport(passport);
        var args = new[] { "verify", "--sod", sod, "--dg", "1=" + dg1, "--dg", "2=" + dg2, "--csca", csca, "--at", "2026-03-01", "--json" };

        var (genuineCode, genuine) = await CredctlProcess.RunJsonAsync(args);
        var (code, json) = await CredctlProcess.RunJsonAsync([.. args, "--require-crl"]);

        Assert.Equal(0, genuineCode);
        Assert.Equal("VALID_WITH_WARNINGS", genuine.GetProperty("verdict").GetString());
        Assert.Equal(1, code);
        Assert.Equal("INDETERMINATE", json.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Verify_TamperedDataGroup_ExitOneInvalid()
    {
        using var files = GeneratedFiles.Create();
        using var passport = TestPassport.Create(TestPassportKey.RsaPss);
        var (sod, dg1, dg2, csca) = files.WritePassport(passport);
        var tampered = passport.DataGroups[2].ToArray();
        tampered[100] ^= 0x01; // a flipped bit, never a value that may already be there
        var tamperedDg2 = files.Write("EF.DG2.tampered.bin", tampered);

        var (code, json) = await CredctlProcess.RunJsonAsync(
            "verify", "--sod", sod, "--dg", "1=" + dg1, "--dg", "2=" + tamperedDg2, "--csca", csca, "--at", "2026-03-01", "--json");

        Assert.Equal(1, code);
        Assert.Equal("INVALID", json.GetProperty("verdict").GetString());
        Assert.Contains(json.GetProperty("checks").EnumerateArray(), c => c.GetProperty("reason").GetString() == "dg.hash-mismatch");
    }

    [Fact]
    public async Task Verify_PrintedMrzWithLiteralBackslashN_ComparedWithDg1()
    {
        using var files = GeneratedFiles.Create();
        using var passport = TestPassport.Create();
        var (sod, dg1, _, csca) = files.WritePassport(passport);
        string[] args = ["verify", "--sod", sod, "--dg", "1=" + dg1, "--csca", csca, "--at", "2026-03-01", "--json", "--mrz"];

        var (matchCode, match) = await CredctlProcess.RunJsonAsync([.. args, Td3Line1 + "\\n" + Td3Line2]);
        var (code, json) = await CredctlProcess.RunJsonAsync([.. args, Td3Line1.Replace("ANNA", "ANNE", StringComparison.Ordinal) + "\\n" + Td3Line2]);

        Assert.Contains(match.GetProperty("checks").EnumerateArray(), c => c.GetProperty("reason").GetString() == "mrz.dg1-match");
        Assert.NotEqual(1, matchCode);
        Assert.Equal(1, code);
        Assert.Contains(json.GetProperty("checks").EnumerateArray(), c => c.GetProperty("reason").GetString() == "mrz.dg1-mismatch");
    }

    [Fact]
    public async Task Verify_BadDgSpec_ExitTwo()
    {
        using var files = GeneratedFiles.Create();
        using var passport = TestPassport.Create();
        var (sod, _, _, csca) = files.WritePassport(passport);
        var (code, _, _) = await CredctlProcess.RunAsync("verify", "--sod", sod, "--dg", "99=x", "--csca", csca);
        Assert.Equal(2, code);
    }

    [Fact]
    public async Task SodDump_TrailingData_ExitOne()
    {
        using var files = GeneratedFiles.Create();
        using var passport = TestPassport.Create();
        var sod = files.Write("EF.SOD.trailing.bin", [.. passport.Sod, 0x00, 0x00]);
        var (code, json) = await CredctlProcess.RunJsonAsync("sod", "dump", sod, "--json");
        Assert.Equal(1, code);
        Assert.StartsWith("sod.", json.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static string WithCheckDigits(string td3Line2)
    {
        var line = td3Line2.ToCharArray();
        line[19] = Credentials.Icao9303.Mrz.MrzCheckDigit.ComputeChar(td3Line2.AsSpan(13, 6));
        line[27] = Credentials.Icao9303.Mrz.MrzCheckDigit.ComputeChar(td3Line2.AsSpan(21, 6));
        var text = new string(line);
        line[43] = Credentials.Icao9303.Mrz.MrzCheckDigit.ComputeChar(text[..10] + text[13..20] + text[21..43]);
        return new string(line);
    }

    private static string Pem(byte[] der) => $"-----BEGIN CERTIFICATE-----\n{Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks)}\n-----END CERTIFICATE-----\n";
}
