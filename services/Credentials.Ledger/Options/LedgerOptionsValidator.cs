using Credentials.Outbox;
using Microsoft.Extensions.Options;

namespace Credentials.Ledger.Options;

/// <summary>
/// Start-up validation of <see cref="LedgerOptions"/> beyond its attributes: the ledger consumes only the event topics
/// of the suite's services (<see cref="EventTopics"/>) — never a test topic, whatever the environment, so a shipped or
/// mis-copied configuration cannot let test traffic change production status or enter the hash chain.
/// </summary>
internal sealed class LedgerOptionsValidator : IValidateOptions<LedgerOptions>
{
    public ValidateOptionsResult Validate(string? name, LedgerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = EventTopics.ValidateConsumedTopics("Ledger:Topics", options.Topics);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
