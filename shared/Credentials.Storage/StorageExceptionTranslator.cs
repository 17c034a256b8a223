using Credentials.Core;

namespace Credentials.Storage;

/// <summary>
/// The one translation of storage failures into domain errors (docs/architecture.md, "Errors"): a store that cannot be
/// reached is <c>DEPENDENCY_UNAVAILABLE</c> (Unavailable, retry after a second). Every other <see cref="StorageException"/>
/// (missing object, integrity mismatch, locked object, bad migration) means our own data is not what we wrote, so it stays
/// unexpected: Internal with a trace id.
/// </summary>
public sealed class StorageExceptionTranslator : IExceptionTranslator
{
    /// <inheritdoc />
    public CredentialsException? Translate(Exception exception) => exception switch
    {
        StorageException { Reason: StorageErrorReason.Unavailable } storage =>
            new CredentialsException(ErrorKind.Unavailable, "DEPENDENCY_UNAVAILABLE", "The object store is unavailable; retry.", storage) { RetryAfter = TimeSpan.FromSeconds(1) },
        _ => null,
    };
}
