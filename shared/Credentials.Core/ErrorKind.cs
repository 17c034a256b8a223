namespace Credentials.Core;

/// <summary>
/// What kind of failure a <see cref="CredentialsException"/> reports. The hosting layer maps each kind to one gRPC
/// status code (ARCHITECTURE.md, "Errors"); application code never references gRPC.
/// </summary>
public enum ErrorKind
{
    /// <summary>The request is malformed or violates a documented limit (gRPC InvalidArgument).</summary>
    InvalidArgument,

    /// <summary>The named entity does not exist (gRPC NotFound).</summary>
    NotFound,

    /// <summary>The entity already exists with different content (gRPC AlreadyExists).</summary>
    AlreadyExists,

    /// <summary>The system is not in a state that allows the operation, e.g. no active key (gRPC FailedPrecondition).</summary>
    FailedPrecondition,

    /// <summary>The caller may not perform the operation (gRPC PermissionDenied).</summary>
    PermissionDenied,

    /// <summary>A quota or rate limit was hit; retry later (gRPC ResourceExhausted).</summary>
    ResourceExhausted,

    /// <summary>A dependency (database, HSM, broker) is down; the call may be retried (gRPC Unavailable).</summary>
    Unavailable,

    /// <summary>A concurrent change won; retry the whole operation (gRPC Aborted).</summary>
    Aborted,
}
