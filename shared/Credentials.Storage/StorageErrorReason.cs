namespace Credentials.Storage;

/// <summary>Why a storage operation failed.</summary>
public enum StorageErrorReason
{
    /// <summary>The object does not exist.</summary>
    NotFound,

    /// <summary>Object Lock (retention or legal hold) forbids the operation.</summary>
    ObjectLocked,

    /// <summary>The bytes read do not hash to the key.</summary>
    IntegrityMismatch,

    /// <summary>The store could not be reached or failed; retrying may help.</summary>
    Unavailable,

    /// <summary>A migration script was changed after it had been applied.</summary>
    MigrationChecksumMismatch,

    /// <summary>A migration script or set is malformed.</summary>
    InvalidMigration,
}
