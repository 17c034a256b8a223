namespace Credentials.IntegrationTests.Faults;

/// <summary>One row of the fault report: the load during one fault and the ledger audit after it.</summary>
internal sealed record FaultOutcome(
    string Fault,
    long Sent,
    long Succeeded,
    long FailedRetryable,
    long FailedOther,
    string Failures,
    long Issued,
    long LedgerEntries,
    long Duplicates,
    long Missing,
    long Inconsistent,
    long Abandoned,
    TimeSpan? SigningRecovered,
    TimeSpan? ServingAgain,
    TimeSpan LedgerCaughtUp,
    IReadOnlyList<string> Restarted,
    IReadOnlyList<string> NotServing);
