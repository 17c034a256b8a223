using Credentials.IntegrationTests.Stack;
using Credentials.KeyVault;
using Credentials.KeyVault.Pkcs11;
using Microsoft.Extensions.Options;

namespace Credentials.IntegrationTests.KeyVault;

/// <summary>Key vault clients on the stack's SoftHSM2 <c>tests</c> token (PIN from CRED_PKCS11_USER_PIN).</summary>
internal static class KeyVaultStack
{
    public const string TokenLabel = "tests";
    public const string PinVariable = "CRED_PKCS11_USER_PIN";

    public static KeyVaultOptions Options(StackEnvironment stack, int maxSessions = 16) => new()
    {
        ModulePath = stack.Pkcs11ModulePath,
        TokenLabel = TokenLabel,
        PinEnvironmentVariable = PinVariable,
        MaxSessions = maxSessions,
    };

    public static Pkcs11KeyVaultClient CreateClient(KeyVaultOptions options) =>
        new(Microsoft.Extensions.Options.Options.Create(options));

    /// <summary>A label no other run or test uses.</summary>
    public static string UniqueLabel(string purpose) => $"it-{purpose}-{Guid.NewGuid():N}";
}
