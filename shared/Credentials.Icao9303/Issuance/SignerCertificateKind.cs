namespace Credentials.Icao9303.Issuance;

/// <summary>The signer profiles a CSCA issues from a PKCS#10 request (Doc 9303 Part 12 §7.1.1 Table 6).</summary>
public enum SignerCertificateKind
{
    /// <summary>Document Signer: KeyUsage digitalSignature (critical), AKI, SKI, PrivateKeyUsagePeriod, Document Type List.</summary>
    DocumentSigner = 1,

    /// <summary>DTC Signer: the Document Signer profile, for PC-bound DTCs.</summary>
    DtcSigner = 2,

    /// <summary>Master List Signer: KeyUsage digitalSignature (critical), EKU id-icao-cscaMasterListSigningKey 2.23.136.1.1.3.</summary>
    MasterListSigner = 3,

    /// <summary>Deviation List Signer: KeyUsage digitalSignature (critical), EKU id-icao-deviationListSigningKey 2.23.136.1.1.8.</summary>
    DeviationListSigner = 4,

    /// <summary>
    /// Seal (barcode) Signer: KeyUsage digitalSignature (critical), EKU 2.23.136.1.1.14.2 (critical, as the ICAO VDS-NC
    /// Barcode Signer certificates carry it), and a Document Type List when document types are given. Signs Visible
    /// Digital Seals (Doc 9303 Part 13) and VDS-NC only.
    /// </summary>
    SealSigner = 5,
}
