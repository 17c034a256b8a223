namespace Credentials.KeyVault;

/// <summary>What the vault tells about a key pair; never any private material.</summary>
/// <param name="Label">Unique label (CKA_LABEL).</param>
/// <param name="Id">Lower-case hex of the key id (CKA_ID), stable for the key's lifetime.</param>
/// <param name="Algorithm">The key's algorithm.</param>
/// <param name="IsProtected">True when the key cannot be destroyed through the vault API.</param>
public sealed record KeyInfo(string Label, string Id, KeyAlgorithm Algorithm, bool IsProtected);
