namespace Credentials.KeyVault;

/// <summary>Why a key vault operation failed; stable so callers can map it to status codes.</summary>
public enum KeyVaultErrorReason
{
    /// <summary>Not classified.</summary>
    Unspecified = 0,

    /// <summary>The PKCS#11 module (shared library) could not be found or loaded.</summary>
    ModuleUnavailable = 1,

    /// <summary>No token with the configured label is present.</summary>
    TokenNotFound = 2,

    /// <summary>The token rejected the user PIN (CKR_PIN_INCORRECT).</summary>
    PinIncorrect = 3,

    /// <summary>The user PIN is locked or expired on the token.</summary>
    PinLocked = 4,

    /// <summary>No key matches the reference.</summary>
    KeyNotFound = 5,

    /// <summary>A key with the label already exists; labels are unique in a vault.</summary>
    KeyAlreadyExists = 6,

    /// <summary>The key is marked protected and cannot be destroyed through this API.</summary>
    KeyProtected = 7,

    /// <summary>A destructive call came without a matching explicit confirmation.</summary>
    ConfirmationRequired = 8,

    /// <summary>The algorithm or signature scheme is not supported, or does not fit the key.</summary>
    UnsupportedAlgorithm = 9,

    /// <summary>The digest length does not match the hash algorithm of the scheme.</summary>
    InvalidDigest = 10,

    /// <summary>The device or module reported an error; the operation may succeed if retried.</summary>
    DeviceError = 11,

    /// <summary>The vault was configured wrongly (e.g. PIN source missing).</summary>
    Configuration = 12,

    /// <summary>
    /// The token this client was connected to is unreachable for now (removed, re-initialising, sessions or login
    /// lost); the client is reconnecting, and the call may succeed if retried.
    /// </summary>
    TokenUnavailable = 13,
}
