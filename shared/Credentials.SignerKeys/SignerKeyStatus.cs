namespace Credentials.SignerKeys;

/// <summary>Where a signer key is in its life: made but not yet signing, signing, or never signing again.</summary>
public enum SignerKeyStatus
{
    /// <summary>Certified, waiting to be activated (when the keys signing its kind and types retire).</summary>
    Pending = 1,

    /// <summary>Signs new objects of its kind and document types within its private key usage period.</summary>
    Active = 2,

    /// <summary>Signs nothing any more (usage period over, or its certificate revoked or expired).</summary>
    Retired = 3,
}
