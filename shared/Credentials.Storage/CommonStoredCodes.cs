using Credentials.Contracts.Common.V1;

namespace Credentials.Storage;

/// <summary>
/// The one mapping between the enums of <c>credentials.common.v1</c> and the stable text codes every service stores
/// for them: <see cref="CertificateKind"/> (csca V0003 <c>certificates.kind</c>, trust-anchor V0004
/// <c>certificates.kind</c>, pkd V0002 <c>certificates.kind</c> and <c>changes.certificate_kind</c>) and
/// <see cref="RevocationReason"/> (csca V0003 <c>certificates.revocation_reason</c>, trust-anchor V0004
/// <c>revocation_notices.reason</c>). Stored rows never hold a proto enum number, so renumbering or renaming an enum
/// value cannot change their meaning; the migrations' CHECK constraints name these strings, so they never change.
/// Codes of one service's own enums (run and generation states) stay in that service.
/// </summary>
public static class CommonStoredCodes
{
    /// <summary>A CSCA certificate (Doc 9303 Part 12 section 5).</summary>
    public const string Csca = "CSCA";

    /// <summary>A CSCA link certificate (Doc 9303 Part 12 section 5).</summary>
    public const string Link = "LINK";

    /// <summary>A Document Signer certificate.</summary>
    public const string DocumentSigner = "DOCUMENT_SIGNER";

    /// <summary>A DTC Signer certificate.</summary>
    public const string DtcSigner = "DTC_SIGNER";

    /// <summary>A Master List Signer certificate.</summary>
    public const string MasterListSigner = "MASTER_LIST_SIGNER";

    /// <summary>A Deviation List Signer certificate.</summary>
    public const string DeviationListSigner = "DEVIATION_LIST_SIGNER";

    /// <summary>A visible digital seal signer certificate.</summary>
    public const string SealSigner = "SEAL_SIGNER";

    /// <summary>SQL list of the lineage (anchor) kinds: CSCA and link certificates (Doc 9303 Part 12 section 5).</summary>
    public const string LineageKindsSql = "('" + Csca + "', '" + Link + "')";

    /// <summary>No revocation reason given (RFC 5280 section 5.3.1: no reasonCode, which means unspecified).</summary>
    public const string NoReason = "UNSPECIFIED";

    /// <summary>The stored code of a certificate kind; <see cref="CertificateKind.Unspecified"/> is never stored.</summary>
    public static string Code(CertificateKind kind) => kind switch
    {
        CertificateKind.Csca => Csca,
        CertificateKind.Link => Link,
        CertificateKind.DocumentSigner => DocumentSigner,
        CertificateKind.DtcSigner => DtcSigner,
        CertificateKind.MasterListSigner => MasterListSigner,
        CertificateKind.DeviationListSigner => DeviationListSigner,
        CertificateKind.SealSigner => SealSigner,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A certificate is stored only with a defined kind."),
    };

    /// <summary>The codes of several kinds (e.g. a filter's), in their order.</summary>
    public static string[] Codes(IEnumerable<CertificateKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        return kinds.Select(Code).ToArray();
    }

    /// <summary>The certificate kind a stored code names.</summary>
    /// <exception cref="InvalidOperationException">The code is none of the above: the schema and the code disagree.</exception>
    public static CertificateKind CertificateKindOf(string code) => code switch
    {
        Csca => CertificateKind.Csca,
        Link => CertificateKind.Link,
        DocumentSigner => CertificateKind.DocumentSigner,
        DtcSigner => CertificateKind.DtcSigner,
        MasterListSigner => CertificateKind.MasterListSigner,
        DeviationListSigner => CertificateKind.DeviationListSigner,
        SealSigner => CertificateKind.SealSigner,
        _ => throw Unknown("certificate kind", code),
    };

    /// <summary>The stored code of an RFC 5280 section 5.3.1 CRLReason (<see cref="NoReason"/> when none was given).</summary>
    public static string Code(RevocationReason reason) => reason switch
    {
        RevocationReason.Unspecified => NoReason,
        RevocationReason.KeyCompromise => "KEY_COMPROMISE",
        RevocationReason.CaCompromise => "CA_COMPROMISE",
        RevocationReason.AffiliationChanged => "AFFILIATION_CHANGED",
        RevocationReason.Superseded => "SUPERSEDED",
        RevocationReason.CessationOfOperation => "CESSATION_OF_OPERATION",
        RevocationReason.CertificateHold => "CERTIFICATE_HOLD",
        RevocationReason.RemoveFromCrl => "REMOVE_FROM_CRL",
        RevocationReason.PrivilegeWithdrawn => "PRIVILEGE_WITHDRAWN",
        RevocationReason.AaCompromise => "AA_COMPROMISE",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "A revocation is stored only with a defined reason."),
    };

    /// <summary>The revocation reason a stored code names.</summary>
    /// <exception cref="InvalidOperationException">The code is none of the above: the schema and the code disagree.</exception>
    public static RevocationReason RevocationReasonOf(string code) => code switch
    {
        NoReason => RevocationReason.Unspecified,
        "KEY_COMPROMISE" => RevocationReason.KeyCompromise,
        "CA_COMPROMISE" => RevocationReason.CaCompromise,
        "AFFILIATION_CHANGED" => RevocationReason.AffiliationChanged,
        "SUPERSEDED" => RevocationReason.Superseded,
        "CESSATION_OF_OPERATION" => RevocationReason.CessationOfOperation,
        "CERTIFICATE_HOLD" => RevocationReason.CertificateHold,
        "REMOVE_FROM_CRL" => RevocationReason.RemoveFromCrl,
        "PRIVILEGE_WITHDRAWN" => RevocationReason.PrivilegeWithdrawn,
        "AA_COMPROMISE" => RevocationReason.AaCompromise,
        _ => throw Unknown("revocation reason", code),
    };

    // The migrations' CHECK constraints keep other values out; reaching this means the schema and the code disagree.
    private static InvalidOperationException Unknown(string what, string code) =>
        new($"Stored {what} code '{code}' is not one this version knows; the schema and the service version disagree.");
}
