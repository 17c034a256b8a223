using Credentials.Icao9303.PassiveAuthentication;
using ContractCheck = Credentials.Contracts.Common.V1.Check;
using ContractCheckStatus = Credentials.Contracts.Common.V1.CheckStatus;
using ContractVerdict = Credentials.Contracts.Common.V1.Verdict;

namespace Credentials.TrustAnchor.Application;

/// <summary>
/// The mapping of engine checks and verdicts to the contract (docs/trust-anchor.md, "Verdict mapping"). The verdict
/// rule itself is the engine's <see cref="PassiveAuthenticationVerdictRule"/>: one rule, one place.
/// </summary>
internal static class VerdictRules
{
    public static ContractVerdict ToContract(PassiveAuthenticationVerdict verdict) => verdict switch
    {
        PassiveAuthenticationVerdict.Valid => ContractVerdict.Valid,
        PassiveAuthenticationVerdict.ValidWithWarnings => ContractVerdict.ValidWithWarnings,
        PassiveAuthenticationVerdict.Invalid => ContractVerdict.Invalid,
        PassiveAuthenticationVerdict.Indeterminate => ContractVerdict.Indeterminate,
        _ => ContractVerdict.Unspecified,
    };

    /// <summary>A contract verdict as a metric tag: the enum's name, without formatting the enum on every call.</summary>
    public static string MetricTag(ContractVerdict verdict) => verdict switch
    {
        ContractVerdict.Valid => nameof(ContractVerdict.Valid),
        ContractVerdict.ValidWithWarnings => nameof(ContractVerdict.ValidWithWarnings),
        ContractVerdict.Invalid => nameof(ContractVerdict.Invalid),
        ContractVerdict.Indeterminate => nameof(ContractVerdict.Indeterminate),
        _ => verdict.ToString(),
    };

    /// <summary>
    /// One engine check as a contract check: the dotted name unchanged, the reason in UPPER_SNAKE_CASE
    /// (<c>dg.hash-mismatch</c> → <c>DG_HASH_MISMATCH</c>), empty for a plain PASS as the contract asks.
    /// </summary>
    public static ContractCheck ToContract(PassiveAuthenticationCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var status = check.Status switch
        {
            CheckStatus.Pass => ContractCheckStatus.Pass,
            CheckStatus.Fail => ContractCheckStatus.Fail,
            CheckStatus.Warn => ContractCheckStatus.Warn,
            CheckStatus.Skip => ContractCheckStatus.Skip,
            _ => ContractCheckStatus.Unspecified,
        };
        return new ContractCheck
        {
            Name = check.Name,
            Status = status,
            Reason = status == ContractCheckStatus.Pass ? string.Empty : ReasonCode(check.Reason),
            Detail = check.Detail,
        };
    }

    /// <summary><c>crl.revoked</c> → <c>CRL_REVOKED</c>; reasons with a suffix (<c>ml.skipped-certificates:3</c>) keep only the code.</summary>
    public static string ReasonCode(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        var code = colon >= 0 ? reason[..colon] : reason;
        return string.Create(code.Length, code, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is '.' or '-' or ' ' ? '_' : char.ToUpperInvariant(c);
            }
        });
    }
}
