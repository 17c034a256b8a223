using Credentials.KeyVault.Pkcs11;
using Net.Pkcs11Interop.Common;

namespace Credentials.KeyVault.Tests;

public sealed class Pkcs11ErrorsTests
{
    public static TheoryData<CKR> ConnectionLosses => new(
        CKR.CKR_SESSION_HANDLE_INVALID,
        CKR.CKR_SESSION_CLOSED,
        CKR.CKR_TOKEN_NOT_PRESENT,
        CKR.CKR_TOKEN_NOT_RECOGNIZED,
        CKR.CKR_DEVICE_REMOVED,
        CKR.CKR_DEVICE_ERROR,
        CKR.CKR_USER_NOT_LOGGED_IN,
        CKR.CKR_CRYPTOKI_NOT_INITIALIZED,
        CKR.CKR_GENERAL_ERROR,
        CKR.CKR_SLOT_ID_INVALID);

    public static TheoryData<CKR, KeyVaultErrorReason> CallerOrKeyErrors => new()
    {
        { CKR.CKR_PIN_INCORRECT, KeyVaultErrorReason.PinIncorrect },
        { CKR.CKR_PIN_LOCKED, KeyVaultErrorReason.PinLocked },
        { CKR.CKR_KEY_HANDLE_INVALID, KeyVaultErrorReason.KeyNotFound },
        { CKR.CKR_OBJECT_HANDLE_INVALID, KeyVaultErrorReason.KeyNotFound },
        { CKR.CKR_ACTION_PROHIBITED, KeyVaultErrorReason.KeyProtected },
        { CKR.CKR_DATA_LEN_RANGE, KeyVaultErrorReason.InvalidDigest },
        { CKR.CKR_MECHANISM_INVALID, KeyVaultErrorReason.UnsupportedAlgorithm },
        { CKR.CKR_FUNCTION_FAILED, KeyVaultErrorReason.DeviceError },
    };

    [Theory]
    [MemberData(nameof(ConnectionLosses))]
    public void ReasonOf_ConnectionLoss_IsTokenUnavailableAndTransient(CKR rv)
    {
        var mapped = Pkcs11Errors.Map(new Pkcs11Exception("C_Sign", rv), "Signing");

        Assert.True(Pkcs11Errors.LosesConnection(rv));
        Assert.True(Pkcs11Errors.BreaksSession(rv));
        Assert.Equal(KeyVaultErrorReason.TokenUnavailable, mapped.Reason);
        Assert.True(mapped.IsTransient);
        Assert.Contains(rv.ToString(), mapped.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CallerOrKeyErrors))]
    public void ReasonOf_CallerOrKeyError_KeepsItsReasonAndDoesNotReconnect(CKR rv, KeyVaultErrorReason expected)
    {
        Assert.Equal(expected, Pkcs11Errors.ReasonOf(rv));
        Assert.False(Pkcs11Errors.LosesConnection(rv));
    }

    [Fact]
    public void BreaksSession_OperationActive_ClosesSessionWithoutReconnecting()
    {
        Assert.True(Pkcs11Errors.BreaksSession(CKR.CKR_OPERATION_ACTIVE));
        Assert.False(Pkcs11Errors.LosesConnection(CKR.CKR_OPERATION_ACTIVE));
    }

    [Fact]
    public void IsTransient_KeyNotFound_IsFalse()
    {
        Assert.False(new KeyVaultException(KeyVaultErrorReason.KeyNotFound, "gone").IsTransient);
        Assert.True(new KeyVaultException(KeyVaultErrorReason.TokenUnavailable, "away").IsTransient);
    }
}
