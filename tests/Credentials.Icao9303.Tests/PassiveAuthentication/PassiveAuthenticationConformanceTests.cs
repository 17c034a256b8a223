using Credentials.Icao9303.Lds;
using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Icao9303.Tests.Vectors;
using Credentials.Testing;

namespace Credentials.Icao9303.Tests.PassiveAuthentication;

/// <summary>
/// Every set in the corpus's sod/ folder (see docs/conformance.md): facts of real States' documents, one row per set
/// when the corpus is present, one skip per theory without it. What any genuine passport shows (a DG not in the SOD, a
/// listed DG not presented, require_crl without a CRL, the printed MRZ against DG1) is checked on a
/// <see cref="TestPassport"/> made at test time.
/// </summary>
public sealed class PassiveAuthenticationConformanceTests
{
    public static IEnumerable<ITheoryDataRow> RealSets() => SodSets.WithCscaData();

    public static IEnumerable<ITheoryDataRow> KnownNonConformances() => IcaoVectors.Rows(new TheoryData<string, string>
    {
        { "gmrtd-pa-CN", "sod.content-type-id-data" },
        { "gmrtd-pa-MY", "cms.signer-issuer-name-differs" },
        { "gmrtd-pa-NZ", "sod.ber-encoding" },
        { "gmrtd-pa-AU", "cms.signature-algorithm-without-hash" },
        { "gmrtd-pa-RU", "algorithm.sha1" },
    });

    public static IEnumerable<ITheoryDataRow> FullSpecimenSets() => IcaoVectors.Rows(new TheoryData<string, int[], PassiveAuthenticationVerdict>
    {
        { "pymrtd-etsi-eacaa", new[] { 1, 14, 15 }, PassiveAuthenticationVerdict.ValidWithWarnings },
        { "zeropass-si-454CB206", new[] { 15 }, PassiveAuthenticationVerdict.Indeterminate },
    });

    public static IEnumerable<ITheoryDataRow> CardSecuritySets() => IcaoVectors.Rows(new TheoryData<string> { "gmrtd-pa-DE", "gmrtd-pa-FI" });

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
    [MemberData(nameof(KnownNonConformances))]
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
    [MemberData(nameof(FullSpecimenSets))]
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
    [InlineData(TestPassportKey.EcP256)]
    [InlineData(TestPassportKey.RsaPkcs1)]
    public void Verify_PassportWithoutItsCsca_DataGroupsMatchButIndeterminate(TestPassportKey key)
    {
        // The trust store holds a CSCA, but not this passport's (another State's).
        using var passport = TestPassport.Create(key);
        using var otherKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var otherState = Pkd.MasterListBuilderTests.CreateCsca(otherKey);
        using var store = new PassiveAuthenticationTrustStore([otherState.RawData]);
        using var authenticator = new PassiveAuthenticator(store);

        var result = authenticator.Verify(passport.Request());

        foreach (var number in passport.DataGroups.Keys)
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
        using var passport = TestPassport.Create();
        var result = passport.Verify(r => r with
        {
            DataGroups = new Dictionary<int, ReadOnlyMemory<byte>>(r.DataGroups) { [15] = new byte[] { 0x6F, 0x03, 0x01, 0x02, 0x03 } },
        });
        Assert.Equal(CheckStatus.Pass, result.Find("sod.signature")!.Status);
        Assert.Equal("dg.not-in-sod", result.Find("dg15.hash")!.Reason);
        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
    }

    [Fact]
    public void Verify_ListedNotPresented_Skipped()
    {
        using var passport = TestPassport.Create();
        var result = passport.Verify(r => r with { DataGroups = r.DataGroups.Where(kv => kv.Key != 2).ToDictionary() });
        Assert.Equal(CheckStatus.Pass, result.Find("dg1.hash")!.Status);
        Assert.Equal(CheckStatus.Skip, result.Find("dg2.hash")!.Status);
        Assert.Equal("dg.not-presented", result.Find("dg2.hash")!.Reason);
    }

    [Fact]
    public void Verify_DscExpiredAtValidationTime_FailsAfterExpiryPassesInsideValidity()
    {
        // The same passport judged at two times: inside its DSC's validity, and after the DSC has expired.
        using var passport = TestPassport.Create();
        var notAfter = passport.DscCertificate.NotAfter.ToUniversalTime();

        var inside = passport.Verify();
        var after = passport.Verify(r => r with { ValidationTime = new DateTimeOffset(notAfter, TimeSpan.Zero).AddDays(1) });

        Assert.Equal("dsc.valid", inside.Find("dsc.validity")!.Reason);
        Assert.Equal(PassiveAuthenticationVerdict.ValidWithWarnings, inside.Verdict); // no CRL given: the only warning
        Assert.Equal("dsc.expired", after.Find("dsc.validity")!.Reason);
        Assert.Equal(PassiveAuthenticationVerdict.Invalid, after.Verdict);
    }

    [Fact]
    public void Verify_RequireCrlWithoutCrl_Indeterminate()
    {
        using var passport = TestPassport.Create();
        var result = passport.Verify(policy: new PassiveAuthenticationPolicy { RequireCrl = true });
        Assert.Equal(PassiveAuthenticationVerdict.Indeterminate, result.Verdict);
        Assert.Equal("crl.missing", result.Find("crl.dsc")!.Reason);

        // With the CSCA's CRL the same passport is VALID: the missing CRL was the only gap.
        var withCrl = passport.Verify(policy: new PassiveAuthenticationPolicy { RequireCrl = true }, crls: passport.Crl());
        Assert.Equal(PassiveAuthenticationVerdict.Valid, withCrl.Verdict);
    }

    [Fact]
    public void Verify_PrintedMrzMatchesDg1_Passes()
    {
        using var passport = TestPassport.Create();
        var result = passport.Verify(r => r with { PrintedMrz = TestPassport.Mrz.Replace("\n", "\\n", StringComparison.Ordinal) });
        Assert.Equal("mrz.dg1-match", result.Find("mrz.dg1")!.Reason);
        var other = passport.Verify(r => r with { PrintedMrz = TestPassport.Mrz.Replace("ANNA", "ANNE", StringComparison.Ordinal) });
        Assert.Equal("mrz.dg1-mismatch", other.Find("mrz.dg1")!.Reason);
        Assert.Equal(PassiveAuthenticationVerdict.Invalid, other.Verdict);
    }

    [Theory]
    [MemberData(nameof(CardSecuritySets))]
    public void Decode_EfCardSecurity_VerifiesWithEmbeddedDsc(string set)
    {
        var cardSecurity = EfCardSecurity.Decode(TestVectors.Read("sod", set, "EF.CardSecurity.bin"));
        Assert.NotEmpty(cardSecurity.SecurityInfos.Infos);
        Assert.True(cardSecurity.Verify().IsValid);
    }
}
