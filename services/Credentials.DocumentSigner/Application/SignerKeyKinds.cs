using Credentials.Contracts.Common.V1;

namespace Credentials.DocumentSigner.Application;

/// <summary>The stable database codes of <see cref="SignerKeyKind"/> and its contract (<see cref="SignerKind"/>) mapping.</summary>
internal static class SignerKeyKinds
{
    /// <summary>Database code of a Document Signer key.</summary>
    public const string DocumentSignerCode = "document-signer";

    /// <summary>Database code of a seal-signer key.</summary>
    public const string SealSignerCode = "seal-signer";

    public static string ToCode(SignerKeyKind kind) => kind switch
    {
        SignerKeyKind.DocumentSigner => DocumentSignerCode,
        SignerKeyKind.SealSigner => SealSignerCode,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown signer key kind."),
    };

    public static SignerKeyKind FromCode(string code) => code switch
    {
        DocumentSignerCode => SignerKeyKind.DocumentSigner,
        SealSignerCode => SignerKeyKind.SealSigner,
        _ => throw new InvalidDataException($"Unknown signer_kind code '{code}' in signer_keys."),
    };

    public static SignerKind ToContract(SignerKeyKind kind) => kind == SignerKeyKind.SealSigner ? SignerKind.SealSigner : SignerKind.DocumentSigner;

    /// <summary>The kind a request asks for: unset means Document Signer; kinds other than the two this service holds are refused.</summary>
    public static SignerKeyKind FromContract(SignerKind kind, string field) => kind switch
    {
        SignerKind.Unspecified or SignerKind.DocumentSigner => SignerKeyKind.DocumentSigner,
        SignerKind.SealSigner => SignerKeyKind.SealSigner,
        _ => throw DocumentSignerErrors.FieldInvalid(field, "document-signer holds Document Signer and seal-signer keys only."),
    };
}
