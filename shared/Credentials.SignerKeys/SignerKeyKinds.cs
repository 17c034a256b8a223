using Credentials.Contracts.Common.V1;

namespace Credentials.SignerKeys;

/// <summary>The stable database codes of <see cref="SignerKeyKind"/> and its contract (<see cref="SignerKind"/>) mapping.</summary>
public static class SignerKeyKinds
{
    /// <summary>Database code of a Document Signer key.</summary>
    public const string DocumentSignerCode = "document-signer";

    /// <summary>Database code of a seal-signer key.</summary>
    public const string SealSignerCode = "seal-signer";

    /// <summary>Database code of a DTC Signer key.</summary>
    public const string DtcSignerCode = "dtc-signer";

    public static string ToCode(SignerKeyKind kind) => kind switch
    {
        SignerKeyKind.DocumentSigner => DocumentSignerCode,
        SignerKeyKind.SealSigner => SealSignerCode,
        SignerKeyKind.DtcSigner => DtcSignerCode,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown signer key kind."),
    };

    public static SignerKeyKind FromCode(string code) => code switch
    {
        DocumentSignerCode => SignerKeyKind.DocumentSigner,
        SealSignerCode => SignerKeyKind.SealSigner,
        DtcSignerCode => SignerKeyKind.DtcSigner,
        _ => throw new InvalidDataException($"Unknown signer_kind code '{code}' in signer_keys."),
    };

    /// <summary>The kind csca's IssueSignerCertificate is asked for (it picks the certificate profile).</summary>
    public static SignerKind ToContract(SignerKeyKind kind) => kind switch
    {
        SignerKeyKind.DocumentSigner => SignerKind.DocumentSigner,
        SignerKeyKind.SealSigner => SignerKind.SealSigner,
        SignerKeyKind.DtcSigner => SignerKind.DtcSigner,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown signer key kind."),
    };
}
