using Credentials.Core;
using Grpc.Core;

namespace Credentials.Grpc;

/// <summary>
/// The one translation of a failed call to another Credentials service (docs/architecture.md, "Errors"): unreachable or
/// too slow is <c>DEPENDENCY_UNAVAILABLE</c> (Unavailable, retry after a second); a refusal of input we passed on is
/// InvalidArgument, any other refusal FailedPrecondition, both with reason <c>UNSPECIFIED</c> and the called service's
/// status in the message. Where the caller knows what a refusal means (dtc: csca refusing the DTC Signer certificate is
/// <c>NO_ACTIVE_SIGNER_KEY</c>), it catches <see cref="DownstreamCallException"/> at the call and raises its own error.
/// </summary>
internal sealed class DownstreamCallExceptionTranslator : IExceptionTranslator
{
    /// <inheritdoc />
    public CredentialsException? Translate(Exception exception) => exception switch
    {
        DownstreamCallException { IsTransient: true } failure =>
            new CredentialsException(ErrorKind.Unavailable, "DEPENDENCY_UNAVAILABLE", $"The {failure.Service} service is unavailable; retry.", failure) { RetryAfter = TimeSpan.FromSeconds(1) },
        DownstreamCallException failure => new CredentialsException(
            failure.StatusCode == StatusCode.InvalidArgument ? ErrorKind.InvalidArgument : ErrorKind.FailedPrecondition,
            "UNSPECIFIED",
            $"The {failure.Service} service refused: {failure.StatusCode} {failure.Detail}",
            failure),
        _ => null,
    };
}
