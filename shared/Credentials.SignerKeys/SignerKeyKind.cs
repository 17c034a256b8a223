namespace Credentials.SignerKeys;

/// <summary>
/// What a signer key signs. A key signs for one kind only, and signing selects keys of its own kind, so a Document
/// Signer key never signs a seal or a DTC (Doc 9303 Part 12 §5: a key, one role). Stored as the text codes of
/// <see cref="SignerKeyKinds"/>, never as a number.
/// </summary>
public enum SignerKeyKind
{
    /// <summary>Document Signer: signs EF.SOD (Doc 9303 Part 12 §7.1.1).</summary>
    DocumentSigner = 1,

    /// <summary>Seal (barcode) signer: signs Visible Digital Seals and VDS-NC (Doc 9303 Part 13, TR VDS-NC).</summary>
    SealSigner = 2,

    /// <summary>DTC Signer: signs dtcTBS of the eMRTD-PC bound and PC bound DTC (ICAO TR Digital Travel Credentials).</summary>
    DtcSigner = 3,
}
