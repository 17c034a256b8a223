namespace Credentials.Icao9303.X509;

/// <summary>One result of a profile rule: a stable rule id (e.g. <c>CSCA-KU-01</c>), a severity and a message.</summary>
public sealed record LintFinding(string RuleId, LintSeverity Severity, string Message);
