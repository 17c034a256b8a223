namespace Credentials.Cli.Commands;

/// <summary>One check of a <see cref="VerifyReport"/>, as <c>credctl verify</c> prints it.</summary>
/// <param name="Name">Stable check name, e.g. <c>sod.signature</c>.</param>
/// <param name="Status">Lower-case status: <c>pass</c>, <c>fail</c>, <c>warn</c> or <c>skip</c>.</param>
/// <param name="Reason">Stable reason code; empty for a plain pass.</param>
/// <param name="Detail">Human-readable detail.</param>
internal sealed record VerifyReportCheck(string Name, string Status, string Reason, string Detail);
