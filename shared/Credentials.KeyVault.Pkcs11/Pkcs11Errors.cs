using Net.Pkcs11Interop.Common;

namespace Credentials.KeyVault.Pkcs11;

/// <summary>Maps PKCS#11 return values to <see cref="KeyVaultException"/> reasons with a clear message.</summary>
internal static class Pkcs11Errors
{
    public static KeyVaultException Map(Pkcs11Exception exception, string operation)
    {
        var reason = ReasonOf(exception.RV);
        var message = exception.RV switch
        {
            CKR.CKR_PIN_INCORRECT => $"{operation}: the token rejected the user PIN (CKR_PIN_INCORRECT).",
            CKR.CKR_PIN_LOCKED => $"{operation}: the user PIN is locked (CKR_PIN_LOCKED); the security officer must reset it.",
            CKR.CKR_PIN_EXPIRED => $"{operation}: the user PIN has expired (CKR_PIN_EXPIRED).",
            _ => $"{operation} failed: {exception.RV}.",
        };
        return new KeyVaultException(reason, message, exception);
    }

    public static KeyVaultErrorReason ReasonOf(CKR rv) => rv switch
    {
        CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_INVALID or CKR.CKR_PIN_LEN_RANGE => KeyVaultErrorReason.PinIncorrect,
        CKR.CKR_PIN_LOCKED or CKR.CKR_PIN_EXPIRED => KeyVaultErrorReason.PinLocked,
        CKR.CKR_KEY_HANDLE_INVALID or CKR.CKR_OBJECT_HANDLE_INVALID => KeyVaultErrorReason.KeyNotFound,
        CKR.CKR_ACTION_PROHIBITED => KeyVaultErrorReason.KeyProtected,
        CKR.CKR_DATA_LEN_RANGE or CKR.CKR_DATA_INVALID => KeyVaultErrorReason.InvalidDigest,
        CKR.CKR_MECHANISM_INVALID or CKR.CKR_MECHANISM_PARAM_INVALID or CKR.CKR_KEY_TYPE_INCONSISTENT
            or CKR.CKR_KEY_FUNCTION_NOT_PERMITTED or CKR.CKR_KEY_SIZE_RANGE or CKR.CKR_TEMPLATE_INCONSISTENT
            or CKR.CKR_TEMPLATE_INCOMPLETE or CKR.CKR_ATTRIBUTE_VALUE_INVALID or CKR.CKR_ATTRIBUTE_TYPE_INVALID
            or CKR.CKR_DOMAIN_PARAMS_INVALID or CKR.CKR_CURVE_NOT_SUPPORTED => KeyVaultErrorReason.UnsupportedAlgorithm,
        _ when LosesConnection(rv) => KeyVaultErrorReason.TokenUnavailable,
        _ => KeyVaultErrorReason.DeviceError,
    };

    /// <summary>
    /// True when <paramref name="rv"/> means the connection to the token is gone — the token was removed or is not
    /// recognised, the device failed, the module lost its initialisation, or the session or the login vanished
    /// (PKCS#11 v2.40 §5.1, §11.1: the session and login state live in the module, so only re-initialising the module,
    /// logging in again and opening new sessions restores them).
    /// </summary>
    public static bool LosesConnection(CKR rv) => rv is CKR.CKR_SESSION_HANDLE_INVALID or CKR.CKR_SESSION_CLOSED
        or CKR.CKR_TOKEN_NOT_PRESENT or CKR.CKR_TOKEN_NOT_RECOGNIZED or CKR.CKR_DEVICE_REMOVED or CKR.CKR_DEVICE_ERROR
        or CKR.CKR_USER_NOT_LOGGED_IN or CKR.CKR_CRYPTOKI_NOT_INITIALIZED or CKR.CKR_GENERAL_ERROR or CKR.CKR_SLOT_ID_INVALID;

    /// <summary>True when the session that saw <paramref name="rv"/> must not go back to the pool.</summary>
    public static bool BreaksSession(CKR rv) => rv is CKR.CKR_OPERATION_ACTIVE || LosesConnection(rv);
}
