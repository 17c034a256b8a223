using Credentials.Outbox;
using Microsoft.Extensions.Options;

namespace Credentials.TrustAnchor.Options;

/// <summary>
/// Start-up validation of <see cref="TrustAnchorOptions"/> beyond its attributes: the consumed topics must be event
/// topics of the suite's services (<see cref="EventTopics"/>), never a test topic.
/// </summary>
internal sealed class TrustAnchorOptionsValidator : IValidateOptions<TrustAnchorOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustAnchorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = EventTopics.ValidateConsumedTopics("TrustAnchor:ConsumedTopics", options.ConsumedTopics);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
