namespace Credentials.Icao9303.X509;

/// <summary>
/// The role a certificate is used in when the suite accepts a signature it made (Doc 9303 Part 12 §5 and §7.1.1
/// Table 6; VDS-NC barcode signer; the DTC Signer of this suite's DTC profile). See <see cref="CertificateRoleRule"/>.
/// </summary>
public enum CertificateRole
{
    /// <summary>Not specified: never allowed.</summary>
    Unspecified = 0,

    /// <summary>Signer of EF.SOD (Document Signer, Part 12 §5.2).</summary>
    DocumentSigner = 1,

    /// <summary>Issuer of certificates: a CSCA (self-signed root of a State, Part 12 §5.1) signing a DSC or another signer certificate.</summary>
    Csca = 2,

    /// <summary>A link certificate (new CSCA key certified by the previous one, Part 12 §5.1) whose key issues certificates.</summary>
    Link = 3,

    /// <summary>Signer of CSCA Master Lists (EKU id-icao-cscaMasterListSigningKey 2.23.136.1.1.3, Part 12 §7.1.1).</summary>
    MasterListSigner = 4,

    /// <summary>Signer of Deviation Lists (EKU id-icao-deviationListSigningKey 2.23.136.1.1.8, Part 12 §7.1.1).</summary>
    DeviationListSigner = 5,

    /// <summary>Signer of Digital Travel Credentials (dtcSignerInfo; a DSC-shaped certificate whose Document Type List holds DTC types).</summary>
    DtcSigner = 6,

    /// <summary>Signer of Visible Digital Seals (Part 13 / VDS-NC barcode signer, EKU 2.23.136.1.1.14.2).</summary>
    SealSigner = 7,

    /// <summary>Signer of CRLs: a CSCA key (Part 12 §7.1.4: CRLs are signed by the CSCA; keyUsage cRLSign).</summary>
    CrlIssuer = 8,
}
