using Credentials.Contracts.Common.V1;

namespace Credentials.TrustAnchor.Infrastructure;

/// <summary>
/// The one mapping between the contract enums and the stable text codes trust-anchor stores (migration V0004:
/// <c>certificates.kind</c>, <c>revocation_notices.reason</c>). Stored rows never hold a proto enum number, so
/// renumbering or renaming an enum value cannot change their meaning.
/// </summary>
internal static class TrustAnchorStoredCodes
{
    public const string Csca = "CSCA";
    public const string Link = "LINK";
    public const string DocumentSigner = "DOCUMENT_SIGNER";
    public const string SealSigner = "SEAL_SIGNER";

    /// <summary>SQL list of the anchor kinds (CSCA and link certificates: Doc 9303 Part 12 section 5).</summary>
    public const string AnchorKindsSql = "('" + Csca + "', '" + Link + "')";

    public static string Code(CertificateKind kind) => kind switch
    {
        CertificateKind.Csca => Csca,
        CertificateKind.Link => Link,
        CertificateKind.DocumentSigner => DocumentSigner,
        CertificateKind.DtcSigner => "DTC_SIGNER",
        CertificateKind.MasterListSigner => "MASTER_LIST_SIGNER",
        CertificateKind.DeviationListSigner => "DEVIATION_LIST_SIGNER",
        CertificateKind.SealSigner => SealSigner,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A certificate is stored only with a defined kind."),
    };

    public static CertificateKind CertificateKindOf(string code) => code switch
    {
        Csca => CertificateKind.Csca,
        Link => CertificateKind.Link,
        DocumentSigner => CertificateKind.DocumentSigner,
        "DTC_SIGNER" => CertificateKind.DtcSigner,
        "MASTER_LIST_SIGNER" => CertificateKind.MasterListSigner,
        "DEVIATION_LIST_SIGNER" => CertificateKind.DeviationListSigner,
        SealSigner => CertificateKind.SealSigner,
        _ => throw Unknown("certificates.kind", code),
    };

    /// <summary>The RFC 5280 section 5.3.1 CRLReason of a revocation notice as a code (UNSPECIFIED when none was given).</summary>
    public static string Code(RevocationReason reason) => reason switch
    {
        RevocationReason.Unspecified => "UNSPECIFIED",
        RevocationReason.KeyCompromise => "KEY_COMPROMISE",
        RevocationReason.CaCompromise => "CA_COMPROMISE",
        RevocationReason.AffiliationChanged => "AFFILIATION_CHANGED",
        RevocationReason.Superseded => "SUPERSEDED",
        RevocationReason.CessationOfOperation => "CESSATION_OF_OPERATION",
        RevocationReason.CertificateHold => "CERTIFICATE_HOLD",
        RevocationReason.RemoveFromCrl => "REMOVE_FROM_CRL",
        RevocationReason.PrivilegeWithdrawn => "PRIVILEGE_WITHDRAWN",
        RevocationReason.AaCompromise => "AA_COMPROMISE",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "A revocation notice is stored only with a defined reason."),
    };

    // The CHECK constraints of V0004 keep other values out; reaching this means the schema and the code disagree.
    private static InvalidOperationException Unknown(string column, string code) =>
        new($"Stored {column} code '{code}' is not one trust-anchor knows; the schema and the service version disagree.");
}
