using Credentials.Icao9303.ActiveAuthentication;
using Credentials.Icao9303.Lds.DataGroups;
using Credentials.Icao9303.Sod;

namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>
/// Active Authentication (Doc 9303 Part 11 §6.1) as a check of the verification: it counts only after Passive
/// Authentication passed with DG15 verified; a policy may require it for documents that have an AA key.
/// </summary>
internal static class ActiveAuthenticationCheck
{
    public static void Add(List<PassiveAuthenticationCheck> checks, PassiveAuthenticationRequest request, EfSod sod, PassiveAuthenticationPolicy policy)
    {
        if (request.ActiveAuthenticationChallenge is not { IsEmpty: false } challenge || request.ActiveAuthenticationSignature is not { IsEmpty: false } signature)
        {
            if (policy.RequireActiveAuthentication && (request.DataGroups.ContainsKey(15) || sod.SecurityObject.Find(15) is not null))
            {
                checks.Add(new("aa", CheckStatus.Skip, "aa.required",
                    "The document has an Active Authentication key (DG15) and the policy requires Active Authentication; no challenge and signature were given.", Indeterminate: true));
            }

            return;
        }

        var verdict = PassiveAuthenticationVerdictRule.Of(checks);
        if (verdict is not (PassiveAuthenticationVerdict.Valid or PassiveAuthenticationVerdict.ValidWithWarnings)
            || checks.FirstOrDefault(c => c.Name == "dg15.hash")?.Status != CheckStatus.Pass)
        {
            checks.Add(new("aa", CheckStatus.Skip, "aa.pa-not-passed", "Active Authentication counts only after Passive Authentication passed with DG15 verified.", Indeterminate: verdict != PassiveAuthenticationVerdict.Invalid));
            return;
        }

        try
        {
            var dg15 = DataGroup15.Decode(request.DataGroups[15]);
            var result = ActiveAuthenticationVerifier.Verify(dg15.SubjectPublicKeyInfo, challenge.Span, signature.Span);
            checks.Add(new("aa", result.IsValid ? CheckStatus.Pass : CheckStatus.Fail, result.Reason, result.Detail));
        }
        catch (Icao9303FormatException ex)
        {
            checks.Add(new("aa", CheckStatus.Fail, ex.Reason, ex.Message));
        }
    }
}
