namespace Credentials.Core;

/// <summary>
/// A failure the caller can act on: it carries an <see cref="ErrorKind"/> and a stable, machine-readable
/// <see cref="Reason"/> (upper snake case, e.g. <c>DG1_REQUIRED</c>) that travels to clients in
/// <c>google.rpc.ErrorInfo.reason</c>. The message must never contain personal data or secrets.
/// </summary>
public class CredentialsException : Exception
{
    public CredentialsException(ErrorKind kind, string reason, string message)
        : base(message)
    {
        Kind = kind;
        Reason = reason;
    }

    public CredentialsException(ErrorKind kind, string reason, string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = kind;
        Reason = reason;
    }

    public CredentialsException()
        : this(ErrorKind.FailedPrecondition, "UNSPECIFIED", "The operation failed.")
    {
    }

    public CredentialsException(string message)
        : this(ErrorKind.FailedPrecondition, "UNSPECIFIED", message)
    {
    }

    public CredentialsException(string message, Exception innerException)
        : this(ErrorKind.FailedPrecondition, "UNSPECIFIED", message, innerException)
    {
    }

    /// <summary>The failure kind, mapped to a transport status by the host.</summary>
    public ErrorKind Kind { get; }

    /// <summary>Stable reason code for machines.</summary>
    public string Reason { get; }

    /// <summary>Seconds after which a retry may succeed (ResourceExhausted, Unavailable); null when unknown.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Creates an InvalidArgument failure.</summary>
    public static CredentialsException InvalidArgument(string reason, string message) =>
        new(ErrorKind.InvalidArgument, reason, message);

    /// <summary>Creates a NotFound failure.</summary>
    public static CredentialsException NotFound(string reason, string message) =>
        new(ErrorKind.NotFound, reason, message);

    /// <summary>Creates a FailedPrecondition failure.</summary>
    public static CredentialsException FailedPrecondition(string reason, string message) =>
        new(ErrorKind.FailedPrecondition, reason, message);

    /// <summary>Creates an Unavailable failure.</summary>
    public static CredentialsException Unavailable(string reason, string message, Exception? inner = null) =>
        inner is null ? new(ErrorKind.Unavailable, reason, message) : new(ErrorKind.Unavailable, reason, message, inner);
}
