using Credentials.Icao9303.Lds;
using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Icao9303.Tests.Vectors;

namespace Credentials.Icao9303.Tests.PassiveAuthentication;

/// <summary>Every set in ../shared/icao-vectors/sod (see docs/conformance.md).</summary>
public sealed class PassiveAuthenticationConformanceTests
{
    public static IEnumerable<ITheoryDataRow> RealSets() => SodSets.WithCscaData();

    [Theory]
    [MemberData(nameof(RealSets))]
    public void Verify_RealSodWithCsca_SignatureAndChainPass(string set)
    {
        var result = PaFixture.Run(set);

        Assert.Equal(CheckStatus.Pass, result.Find("sod.structure")!.Status);
        Assert.Equal(CheckStatus.Pass, result.Find("sod.message-digest")!.Status);
        Assert.Equal(CheckStatus.Pass, result.Find("sod.signature")!.Status);
        Assert.Equal(CheckStatus.Pass, result.Find("chain.csca")!.Status);
        Assert.Equal(CheckStatus.Pass, result.Find("dsc.validity")!.Status);
        Assert.Equal(CheckStatus.Pass, result.Find("dsc.role")!.Status);
        Assert.DoesNotContain(result.Checks, c => c.Status == CheckStatus.Fail);
        Assert.Equal("crl.missing", result.Find("crl.dsc")!.Reason);

        // The sets carry no DG1 (privacy): a genuine SOD without the holder's data is not VALID (docs/conformance.md).
        var expected = set switch
        {
            "pymrtd-etsi-eacaa" => "evidence.dg1-presented",
            "zeropass-si-454CB206" => "evidence.dg1-not-presented",
            _ => "evidence.no-data-groups",
        };
        Assert.Equal(expected, result.Find("evidence.dg1")!.Reason);
        Assert.Equal(
            expected == "evidence.dg1-presented" ? PassiveAuthenticationVerdict.ValidWithWarnings : PassiveAuthenticationVerdict.Indeterminate,
            result.Verdict);
    }

    [Theory]
    [InlineData("gmrtd-pa-CN", "sod.content-type-id-data")]
    [InlineData("gmrtd-pa-MY", "cms.signer-issuer-name-differs")]
    [InlineData("gmrtd-pa-NZ", "sod.ber-encoding")]
    [InlineData("gmrtd-pa-AU", "cms.signature-algorithm-without-hash")]
    [InlineData("gmrtd-pa-RU", "algorithm.sha1")]
    public void Verify_KnownNonConformance_PassesWithNamedWarning(string set, string warning)
    {
        var result = PaFixture.Run(set);
        Assert.DoesNotContain(result.Checks, c => c.Status == CheckStatus.Fail);
        Assert.Contains(result.Checks, c => c.Status == CheckStatus.Warn && c.Reason == warning);

        // Everything but the evidence passed: the set has no DG1.
        Assert.Equal(PassiveAuthenticationVerdict.Indeterminate, result.Verdict);
        Assert.Equal("evidence.no-data-groups", result.Find("evidence.dg1")!.Reason);
    }

    [Theory]
    [InlineData("pymrtd-etsi-eacaa", new[] { 1, 14, 15 }, PassiveAuthenticationVerdict.ValidWithWarnings)]
    [InlineData("zeropass-si-454CB206", new[] { 15 }, PassiveAuthenticationVerdict.Indeterminate)]
    public void Verify_FullSpecimenSet_EndToEnd(string set, int[] presented, PassiveAuthenticationVerdict expected)
    {
        var result = PaFixture.Run(set);
        foreach (var number in presented)
        {
            Assert.Equal(CheckStatus.Pass, result.Find($"dg{number}.hash")!.Status);
        }

        Assert.Equal(expected, result.Verdict);
        Assert.All(result.Checks.Where(c => c.Status == CheckStatus.Warn), c => Assert.StartsWith("crl.", c.Reason, StringComparison.Ordinal));
        Assert.All(result.Checks.Where(c => c.Indeterminate), c => Assert.Equal("evidence.dg1", c.Name));
    }

    [Theory]
    [InlineData("jmrtd-bsi2008-mustermann", new[] { 1, 2, 3, 14 })]
    [InlineData("jmrtd-loes2006-nl", new[] { 1, 2, 15 })]
    [InlineData("pymrtd-bsi-tr03105-5", new[] { 1, 14 })]
    public void Verify_SpecimenWithoutCsca_DataGroupsMatchButIndeterminate(string set, int[] presented)
    {
        var result = PaFixture.Run(set);
        foreach (var number in presented)
        {
            Assert.Equal(CheckStatus.Pass, result.Find($"dg{number}.hash")!.Status);
        }

        Assert.Equal(CheckStatus.Pass, result.Find("sod.signature")!.Status);
        Assert.Equal("chain.no-trust-anchor", result.Find("chain.csca")!.Reason);
        Assert.Equal(PassiveAuthenticationVerdict.Indeterminate, result.Verdict);
    }

    [Fact]
    public void Verify_DataGroupNotInSod_Fails()
    {
        var result = PaFixture.Run("jmrtd-bsi2008-mustermann", r => r with
        {
            DataGroups = new Dictionary<int, ReadOnlyMemory<byte>>(r.DataGroups) { [15] = TestVectors.Read("sod", "jmrtd-bsi2008-mustermann", "EF.DG15.bin") },
        });
        Assert.Equal("dg.not-in-sod", result.Find("dg15.hash")!.Reason);
        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
    }

    [Fact]
    public void Verify_ListedNotPresented_Skipped()
    {
        var result = PaFixture.Run("gmrtd-pa-FR");
        Assert.Equal(CheckStatus.Skip, result.Find("dg2.hash")!.Status);
        Assert.Equal("dg.not-presented", result.Find("dg2.hash")!.Reason);
    }

    [Fact]
    public void Verify_UkExpiredDsc_FailsAtTodayPassesInsideValidity()
    {
        var inside = PaFixture.Run("gmrtd-uk-full");
        Assert.Equal("dsc.valid", inside.Find("dsc.validity")!.Reason);
        Assert.Equal(PassiveAuthenticationVerdict.Indeterminate, inside.Verdict);
        var today = PaFixture.Run("gmrtd-uk-full", r => r with { ValidationTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) });
        Assert.Equal("dsc.expired", today.Find("dsc.validity")!.Reason);
        Assert.Equal(PassiveAuthenticationVerdict.Invalid, today.Verdict);
    }

    [Fact]
    public void Verify_RequireCrlWithoutCrl_Indeterminate()
    {
        var result = PaFixture.Run("gmrtd-pa-FR", policy: new PassiveAuthenticationPolicy { RequireCrl = true });
        Assert.Equal(PassiveAuthenticationVerdict.Indeterminate, result.Verdict);
        Assert.Equal("crl.missing", result.Find("crl.dsc")!.Reason);
    }

    [Fact]
    public void Verify_PrintedMrzMatchesDg1_Passes()
    {
        var dg1 = Icao9303.Lds.DataGroups.DataGroup1.Decode(TestVectors.Read("sod", "pymrtd-etsi-eacaa", "EF.DG1.bin"));
        var result = PaFixture.Run("pymrtd-etsi-eacaa", r => r with { PrintedMrz = string.Join("\\n", dg1.Mrz.Lines) });
        Assert.Equal("mrz.dg1-match", result.Find("mrz.dg1")!.Reason);
        var other = PaFixture.Run("pymrtd-etsi-eacaa", r => r with { PrintedMrz = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10" });
        Assert.Equal("mrz.dg1-mismatch", other.Find("mrz.dg1")!.Reason);
        Assert.Equal(PassiveAuthenticationVerdict.Invalid, other.Verdict);
    }

    [Theory]
    [InlineData("gmrtd-pa-DE")]
    [InlineData("gmrtd-pa-FI")]
    public void Decode_EfCardSecurity_VerifiesWithEmbeddedDsc(string set)
    {
        var cardSecurity = EfCardSecurity.Decode(TestVectors.Read("sod", set, "EF.CardSecurity.bin"));
        Assert.NotEmpty(cardSecurity.SecurityInfos.Infos);
        Assert.True(cardSecurity.Verify().IsValid);
    }
}
