using Credentials.Contracts.DocumentSigner.V1;
using Credentials.SignerKeys;
using Google.Protobuf.WellKnownTypes;

namespace Credentials.DocumentSigner.Application;

/// <summary>The contract view of a stored signer key (credentials.document_signer.v1.SignerKey).</summary>
internal static class SignerKeyContracts
{
    public static SignerKey ToContract(this SignerKeyRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = new SignerKey
        {
            KeyId = record.KeyId,
            KeyLabel = record.KeyLabel,
            State = ToContract(record.Status),
            KeyAlgorithm = record.KeyAlgorithm,
            SignatureScheme = record.SignatureScheme,
            Certificate = record.Certificate,
            CreatedAt = Timestamp.FromDateTimeOffset(record.CreatedAt),
            SignerKind = SignerKeyKinds.ToContract(record.Kind),
        };
        key.DocumentTypes.AddRange(record.DocumentTypes);
        if (record.ActivatedAt is { } activated)
        {
            key.ActivatedAt = Timestamp.FromDateTimeOffset(activated);
        }

        if (record.RetiredAt is { } retired)
        {
            key.RetiredAt = Timestamp.FromDateTimeOffset(retired);
        }

        return key;
    }

    public static SignerKeyState ToContract(SignerKeyStatus status) => status switch
    {
        SignerKeyStatus.Pending => SignerKeyState.Pending,
        SignerKeyStatus.Active => SignerKeyState.Active,
        SignerKeyStatus.Retired => SignerKeyState.Retired,
        _ => SignerKeyState.Unspecified,
    };

    /// <summary>A ListSignerKeys state filter; UNSPECIFIED = every state.</summary>
    public static SignerKeyStatus? FromContract(SignerKeyState state) => state switch
    {
        SignerKeyState.Pending => SignerKeyStatus.Pending,
        SignerKeyState.Active => SignerKeyStatus.Active,
        SignerKeyState.Retired => SignerKeyStatus.Retired,
        _ => null,
    };
}
