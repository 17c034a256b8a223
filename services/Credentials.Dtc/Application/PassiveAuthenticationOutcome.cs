using Credentials.Contracts.Common.V1;

namespace Credentials.Dtc.Application;

/// <summary>What Passive Authentication said about an eMRTD's SOD and data groups.</summary>
/// <param name="Verdict">The overall verdict.</param>
/// <param name="Checks">Every check as trust-anchor reported it.</param>
/// <param name="DocumentSignerCertificate">The DSC that signed the SOD, when it decoded.</param>
internal sealed record PassiveAuthenticationOutcome(Verdict Verdict, IReadOnlyList<Check> Checks, Certificate? DocumentSignerCertificate)
{
    /// <summary>VALID or VALID_WITH_WARNINGS.</summary>
    public bool Passed => Verdict is Verdict.Valid or Verdict.ValidWithWarnings;
}
