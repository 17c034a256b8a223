using Credentials.Contracts.Common.V1;

namespace Credentials.Dtc.Application;

/// <summary>
/// Passive Authentication (Doc 9303 Part 11 §5.1) of an eMRTD's EF.SOD and data groups against the suite's trust store.
/// The production implementation is trust-anchor's VerifyDocument over mutual TLS (docs/dtc.md explains the choice).
/// </summary>
internal interface IPassiveAuthenticationService
{
    Task<PassiveAuthenticationOutcome> VerifyAsync(
        ReadOnlyMemory<byte> securityObject,
        IReadOnlyDictionary<int, byte[]> dataGroups,
        VerificationPolicy? policy,
        DateTimeOffset? validationTime,
        CancellationToken cancellationToken);
}
