using System.Globalization;
using System.Text;

namespace Credentials.IntegrationTests.Faults;

/// <summary>The fault report (docs/fault-tests.md): one Markdown table row per fault and the failure kinds seen.</summary>
internal static class FaultReport
{
    public static string Format(IReadOnlyList<FaultOutcome> outcomes, string loadAverage, TimeSpan total)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"Fault report ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average before/after: {loadAverage}, {total.TotalSeconds:0} s in all)");
        text.AppendLine();
        text.AppendLine("| fault | requests sent | succeeded | failed, retryable | failed, other | credentials issued | ledger entries | duplicates | missing | signing recovered | serving again | ledger caught up | restarted without being killed | not serving after |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var o in outcomes)
        {
            text.AppendLine(culture,
                $"| {o.Fault} | {o.Sent} | {o.Succeeded} | {o.FailedRetryable} | {o.FailedOther} | {o.Issued} | {o.LedgerEntries} | {o.Duplicates} | {o.Missing} | {(o.SigningRecovered is { } r ? Seconds(r) : "no")} | {(o.ServingAgain is { } s ? Seconds(s) : "–")} | {Seconds(o.LedgerCaughtUp)} | {List(o.Restarted)} | {List(o.NotServing)} |");
        }

        text.AppendLine();
        text.AppendLine("Signing recovered: from the fault being lifted (restarted process launched, component started, token back) to the end of the first successful SignSecurityObject started after that moment. Serving again: from SIGKILL until the restarted service answers SERVING. Ledger caught up: from the fault being lifted until every credential document-signer issued has its ledger entry (polled after the load stopped, so it includes about 2 s of load after the recovery). Duplicates count the whole ledger; missing counts every credential of the run's document type issued so far.");
        text.AppendLine();
        text.AppendLine("Failures seen by the load (status and ErrorInfo reason; every failed request was retried with its request_id until it succeeded):");
        text.AppendLine();
        foreach (var o in outcomes)
        {
            text.AppendLine(culture, $"- {o.Fault}: {o.Failures}; requests answered with two different credentials: {o.Inconsistent}; requests given up: {o.Abandoned}");
        }

        return text.ToString();
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.0 's'", CultureInfo.InvariantCulture);

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
}
