using Credentials.Icao9303.PassiveAuthentication;
using Credentials.TrustAnchor.Application;
using ContractStatus = Credentials.Contracts.Common.V1.CheckStatus;
using ContractVerdict = Credentials.Contracts.Common.V1.Verdict;

namespace Credentials.TrustAnchor.Tests;

public sealed class VerdictRulesTests
{
    private static PassiveAuthenticationCheck Check(CheckStatus status, bool indeterminate = false) => new("x", status, "x.y", "detail", indeterminate);

    [Fact]
    public void Of_AllPass_Valid() =>
        Assert.Equal(PassiveAuthenticationVerdict.Valid, PassiveAuthenticationVerdictRule.Of([Check(CheckStatus.Pass), Check(CheckStatus.Skip)]));

    [Fact]
    public void Of_Warning_ValidWithWarnings() =>
        Assert.Equal(PassiveAuthenticationVerdict.ValidWithWarnings, PassiveAuthenticationVerdictRule.Of([Check(CheckStatus.Pass), Check(CheckStatus.Warn)]));

    [Fact]
    public void Of_IndeterminateSkipAndWarning_Indeterminate() =>
        Assert.Equal(PassiveAuthenticationVerdict.Indeterminate, PassiveAuthenticationVerdictRule.Of([Check(CheckStatus.Warn), Check(CheckStatus.Skip, indeterminate: true)]));

    [Fact]
    public void Of_FailBesideIndeterminate_Invalid() =>
        Assert.Equal(PassiveAuthenticationVerdict.Invalid, PassiveAuthenticationVerdictRule.Of([Check(CheckStatus.Fail, indeterminate: true), Check(CheckStatus.Fail)]));

    [Theory]
    [InlineData("dg.hash-mismatch", "DG_HASH_MISMATCH")]
    [InlineData("crl.revoked", "CRL_REVOKED")]
    [InlineData("ml.skipped-certificates:3", "ML_SKIPPED_CERTIFICATES")]
    [InlineData("sod.ber-encoding", "SOD_BER_ENCODING")]
    public void ReasonCode_EngineReason_UpperSnakeCase(string reason, string expected) =>
        Assert.Equal(expected, VerdictRules.ReasonCode(reason));

    [Fact]
    public void ToContract_PlainPass_HasNoReason()
    {
        var check = VerdictRules.ToContract(new PassiveAuthenticationCheck("sod.signature", CheckStatus.Pass, "sod.signature-valid", "ok"));
        Assert.Equal(ContractStatus.Pass, check.Status);
        Assert.Empty(check.Reason);
        Assert.Equal("sod.signature", check.Name);
    }

    [Fact]
    public void ToContract_Verdicts_MapOneToOne()
    {
        Assert.Equal(ContractVerdict.Valid, VerdictRules.ToContract(PassiveAuthenticationVerdict.Valid));
        Assert.Equal(ContractVerdict.ValidWithWarnings, VerdictRules.ToContract(PassiveAuthenticationVerdict.ValidWithWarnings));
        Assert.Equal(ContractVerdict.Invalid, VerdictRules.ToContract(PassiveAuthenticationVerdict.Invalid));
        Assert.Equal(ContractVerdict.Indeterminate, VerdictRules.ToContract(PassiveAuthenticationVerdict.Indeterminate));
    }
}
