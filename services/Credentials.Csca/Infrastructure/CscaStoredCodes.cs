using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;

namespace Credentials.Csca.Infrastructure;

/// <summary>
/// The one mapping between the contract enums and the stable text codes csca stores (migration V0003:
/// <c>generations.state</c>, <c>certificates.kind</c>, <c>certificates.revocation_reason</c>). Stored rows never hold
/// a proto enum number, so renumbering or renaming an enum value cannot change their meaning.
/// </summary>
internal static class CscaStoredCodes
{
    public const string Active = "ACTIVE";
    public const string Superseded = "SUPERSEDED";
    public const string Retired = "RETIRED";

    /// <summary>SQL list of the lineage's own certificate kinds (CSCA and link: Doc 9303 Part 12 section 5).</summary>
    public const string LineageKindsSql = "('" + Csca + "', '" + Link + "')";

    public const string Csca = "CSCA";
    public const string Link = "LINK";
    public const string MasterListSigner = "MASTER_LIST_SIGNER";

    /// <summary>No revocation recorded, or one without a reason (RFC 5280 section 5.3.1: no reasonCode).</summary>
    public const string NoReason = "UNSPECIFIED";

    public static string Code(CscaGenerationState state) => state switch
    {
        CscaGenerationState.Active => Active,
        CscaGenerationState.Superseded => Superseded,
        CscaGenerationState.Retired => Retired,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "A generation is stored only in a defined state."),
    };

    public static CscaGenerationState GenerationStateOf(string code) => code switch
    {
        Active => CscaGenerationState.Active,
        Superseded => CscaGenerationState.Superseded,
        Retired => CscaGenerationState.Retired,
        _ => throw Unknown("generations.state", code),
    };

    public static string Code(CertificateKind kind) => kind switch
    {
        CertificateKind.Csca => Csca,
        CertificateKind.Link => Link,
        CertificateKind.DocumentSigner => "DOCUMENT_SIGNER",
        CertificateKind.DtcSigner => "DTC_SIGNER",
        CertificateKind.MasterListSigner => MasterListSigner,
        CertificateKind.DeviationListSigner => "DEVIATION_LIST_SIGNER",
        CertificateKind.SealSigner => "SEAL_SIGNER",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A certificate is stored only with a defined kind."),
    };

    public static CertificateKind CertificateKindOf(string code) => code switch
    {
        Csca => CertificateKind.Csca,
        Link => CertificateKind.Link,
        "DOCUMENT_SIGNER" => CertificateKind.DocumentSigner,
        "DTC_SIGNER" => CertificateKind.DtcSigner,
        MasterListSigner => CertificateKind.MasterListSigner,
        "DEVIATION_LIST_SIGNER" => CertificateKind.DeviationListSigner,
        "SEAL_SIGNER" => CertificateKind.SealSigner,
        _ => throw Unknown("certificates.kind", code),
    };

    /// <summary>The RFC 5280 section 5.3.1 CRLReason of a revocation as a code.</summary>
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
        _ => throw Unknown("certificates.revocation_reason", code),
    };

    // The CHECK constraints of V0003 keep other values out; reaching this means the schema and the code disagree.
    private static InvalidOperationException Unknown(string column, string code) =>
        new($"Stored {column} code '{code}' is not one csca knows; the schema and the service version disagree.");
}
