namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>
/// The verdict rule of the suite (docs/conformance.md "What VALID means"), the one place it is decided: any failed
/// check not marked indeterminate → INVALID; otherwise any indeterminate failed or skipped check → INDETERMINATE;
/// otherwise any warning → VALID_WITH_WARNINGS; otherwise VALID.
/// </summary>
public static class PassiveAuthenticationVerdictRule
{
    /// <summary>The verdict of a list of checks.</summary>
    public static PassiveAuthenticationVerdict Of(IReadOnlyList<PassiveAuthenticationCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var indeterminate = false;
        var warning = false;
        for (var i = 0; i < checks.Count; i++)
        {
            var check = checks[i];
            switch (check.Status)
            {
                case CheckStatus.Fail when !check.Indeterminate:
                    return PassiveAuthenticationVerdict.Invalid;
                case CheckStatus.Fail or CheckStatus.Skip when check.Indeterminate:
                    indeterminate = true;
                    break;
                case CheckStatus.Warn:
                    warning = true;
                    break;
            }
        }

        if (indeterminate)
        {
            return PassiveAuthenticationVerdict.Indeterminate;
        }

        return warning ? PassiveAuthenticationVerdict.ValidWithWarnings : PassiveAuthenticationVerdict.Valid;
    }
}
