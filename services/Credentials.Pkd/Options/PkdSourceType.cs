namespace Credentials.Pkd.Options;

/// <summary>Format of a source's artifacts (<c>Pkd:Sources:N:Type</c>).</summary>
internal enum PkdSourceType
{
    /// <summary>ICAO PKD LDIF download files (RFC 2849): Master Lists, DSCs, CRLs.</summary>
    IcaoPkdLdif = 0,

    /// <summary>CSCA Master List files (CMS SignedData, eContentType 2.23.136.1.1.2).</summary>
    MasterList = 1,

    /// <summary>CRL files (DER, RFC 5280 CertificateList).</summary>
    Crl = 2,
}
