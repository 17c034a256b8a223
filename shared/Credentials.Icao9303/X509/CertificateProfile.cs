namespace Credentials.Icao9303.X509;

/// <summary>The certificate profiles of Doc 9303 Part 12 §7.1 (plus the DTC signer of the ICAO DTC technical report).</summary>
public enum CertificateProfile
{
    /// <summary>Self-signed Country Signing CA certificate.</summary>
    Csca = 0,

    /// <summary>Link certificate: a new CSCA key certified by the previous CSCA key.</summary>
    Link = 1,

    /// <summary>Document Signer certificate.</summary>
    DocumentSigner = 2,

    /// <summary>Master List Signer (EKU 2.23.136.1.1.3).</summary>
    MasterListSigner = 3,

    /// <summary>Deviation List Signer (EKU 2.23.136.1.1.8).</summary>
    DeviationListSigner = 4,

    /// <summary>Digital Travel Credential signer (a Document Signer whose Document Type List carries DTC types).</summary>
    DtcSigner = 5,
}
