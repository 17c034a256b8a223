using Net.Pkcs11Interop.HighLevelAPI;

namespace Credentials.KeyVault.Pkcs11;

/// <summary>
/// The process's user login on one token. The login session stays open for the login's lifetime: closing the last
/// session of a token logs the application out (PKCS#11 v2.40 §5.6).
/// </summary>
internal sealed class Pkcs11TokenLogin(Pkcs11Module module, ulong slotId, ISession session, byte[] pinFingerprint)
{
    public Pkcs11Module Module { get; } = module;

    public ulong SlotId { get; } = slotId;

    public ISession Session { get; } = session;

    public byte[] PinFingerprint { get; } = pinFingerprint;

    /// <summary>Clients sharing the login; guarded by the module's lock.</summary>
    internal int References { get; set; }
}
