namespace Credentials.Icao9303.Pkd;

/// <summary>What an ICAO PKD LDIF record carries.</summary>
public enum PkdEntryKind
{
    /// <summary>Structural or unknown record (domain, country, organization...).</summary>
    Other = 0,

    /// <summary>Document Signer certificate (<c>userCertificate;binary</c> under <c>dc=data</c>).</summary>
    Dsc = 1,

    /// <summary>DSC in the non-conformant branch (<c>dc=nc-data</c>).</summary>
    NonConformantDsc = 2,

    /// <summary>CRL (<c>certificateRevocationList;binary</c>).</summary>
    Crl = 3,

    /// <summary>CSCA Master List (<c>pkdMasterListContent</c>).</summary>
    MasterList = 4,

    /// <summary>Deviation List (<c>pkdDeviationListContent</c>).</summary>
    DeviationList = 5,
}
