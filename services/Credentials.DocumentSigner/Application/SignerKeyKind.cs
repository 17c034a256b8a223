namespace Credentials.DocumentSigner.Application;

/// <summary>
/// What a signer key signs. A key signs for one kind only, and signing selects keys of its own kind, so a Document
/// Signer key never signs a seal and a seal-signer key never an EF.SOD (Doc 9303 Part 12 §5: a key, one role).
/// Stored as the text codes of <see cref="SignerKeyKinds"/>, never as a contract enum number.
/// </summary>
internal enum SignerKeyKind
{
    /// <summary>Document Signer: signs EF.SOD (Doc 9303 Part 12 §7.1.1).</summary>
    DocumentSigner = 1,

    /// <summary>Seal (barcode) signer: signs Visible Digital Seals and VDS-NC (Doc 9303 Part 13, TR VDS-NC).</summary>
    SealSigner = 2,
}
