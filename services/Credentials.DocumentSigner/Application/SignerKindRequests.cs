using Credentials.Contracts.Common.V1;
using Credentials.SignerKeys;

namespace Credentials.DocumentSigner.Application;

/// <summary>The signer kinds this service holds, as requests name them (the kinds themselves: <see cref="SignerKeyKinds"/>).</summary>
internal static class SignerKindRequests
{
    /// <summary>The kind a request asks for: unset means Document Signer; kinds other than the two this service holds are refused.</summary>
    public static SignerKeyKind FromContract(SignerKind kind, string field) => kind switch
    {
        SignerKind.Unspecified or SignerKind.DocumentSigner => SignerKeyKind.DocumentSigner,
        SignerKind.SealSigner => SignerKeyKind.SealSigner,
        _ => throw DocumentSignerErrors.FieldInvalid(field, "document-signer holds Document Signer and seal-signer keys only."),
    };
}
