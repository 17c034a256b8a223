namespace Credentials.Storage;

/// <summary>A storage failure with a machine-readable <see cref="Reason"/>. Messages carry keys, never content.</summary>
public sealed class StorageException : Exception
{
    public StorageException(StorageErrorReason reason, string message)
        : base(message) => Reason = reason;

    public StorageException(StorageErrorReason reason, string message, Exception innerException)
        : base(message, innerException) => Reason = reason;

    public StorageException()
        : this(StorageErrorReason.Unavailable, "The storage operation failed.")
    {
    }

    public StorageException(string message)
        : this(StorageErrorReason.Unavailable, message)
    {
    }

    public StorageException(string message, Exception innerException)
        : this(StorageErrorReason.Unavailable, message, innerException)
    {
    }

    /// <summary>Why the operation failed.</summary>
    public StorageErrorReason Reason { get; }

    /// <summary>True when retrying the same operation later may succeed.</summary>
    public bool IsTransient => Reason == StorageErrorReason.Unavailable;
}
