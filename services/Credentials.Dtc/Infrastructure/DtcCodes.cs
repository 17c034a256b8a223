using Credentials.Contracts.Common.V1;

namespace Credentials.Dtc.Infrastructure;

/// <summary>
/// The stable text codes stored in <c>dtcs.binding</c>, <c>dtcs.revocation_reason</c> and <c>revocations.reason</c>
/// (issue 17 item 5: the project's own codes, never contract enum numbers; migration V0004 converted older rows).
/// </summary>
internal static class DtcCodes
{
    public static string ToCode(DtcBinding binding) => binding switch
    {
        DtcBinding.EmrtdBound => "emrtd-bound",
        DtcBinding.EmrtdPcBound => "emrtd-pc-bound",
        DtcBinding.PcBound => "pc-bound",
        _ => throw new ArgumentOutOfRangeException(nameof(binding), binding, "No stored code for this binding."),
    };

    public static DtcBinding BindingFromCode(string code) => code switch
    {
        "emrtd-bound" => DtcBinding.EmrtdBound,
        "emrtd-pc-bound" => DtcBinding.EmrtdPcBound,
        "pc-bound" => DtcBinding.PcBound,
        _ => throw new InvalidDataException($"Unknown binding code '{code}' in dtcs."),
    };

    /// <summary>The stored reason; empty when none was given (UNSPECIFIED, also the value of a DTC never revoked).</summary>
    public static string ToCode(DtcRevocationReason reason) => reason switch
    {
        DtcRevocationReason.Unspecified => string.Empty,
        DtcRevocationReason.Lost => "lost",
        DtcRevocationReason.Stolen => "stolen",
        DtcRevocationReason.Superseded => "superseded",
        DtcRevocationReason.Fraud => "fraud",
        DtcRevocationReason.HolderRequest => "holder-request",
        DtcRevocationReason.SourceDocumentRevoked => "source-document-revoked",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "No stored code for this revocation reason."),
    };

    public static DtcRevocationReason ReasonFromCode(string code) => code switch
    {
        "" => DtcRevocationReason.Unspecified,
        "lost" => DtcRevocationReason.Lost,
        "stolen" => DtcRevocationReason.Stolen,
        "superseded" => DtcRevocationReason.Superseded,
        "fraud" => DtcRevocationReason.Fraud,
        "holder-request" => DtcRevocationReason.HolderRequest,
        "source-document-revoked" => DtcRevocationReason.SourceDocumentRevoked,
        _ => throw new InvalidDataException($"Unknown revocation reason code '{code}' in dtcs."),
    };
}
