using Credentials.Contracts.Common.V1;
using Credentials.Contracts.DocumentSigner.V1;

namespace Credentials.DocumentSigner.Application;

/// <summary>A signer key as stored: its kind, HSM label, state, certificate and the end of its private key usage period.</summary>
internal sealed record SignerKeyRecord
{
    public required string KeyId { get; init; }

    public required string KeyLabel { get; init; }

    /// <summary>What the key signs (EF.SOD or seals); it signs for no other kind.</summary>
    public SignerKeyKind Kind { get; init; } = SignerKeyKind.DocumentSigner;

    public required SignerKeyState State { get; init; }

    public required KeyAlgorithm KeyAlgorithm { get; init; }

    public required SignatureScheme SignatureScheme { get; init; }

    public required IReadOnlyList<string> DocumentTypes { get; init; }

    public required string CertificateFingerprint { get; init; }

    public required byte[] CertificateDer { get; init; }

    /// <summary>The certificate summary csca returned (credentials.common.v1.Certificate).</summary>
    public required Certificate Certificate { get; init; }

    /// <summary>privateKeyUsagePeriod notAfter of the DSC (Doc 9303 Part 12 §7.1.1): no signature after it.</summary>
    public required DateTimeOffset PrivateKeyUsageNotAfter { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ActivatedAt { get; init; }

    public DateTimeOffset? RetiredAt { get; init; }

    public required string RequestId { get; init; }

    /// <summary>True when the key may sign a <paramref name="kind"/> object of <paramref name="documentType"/> at <paramref name="now"/>.</summary>
    public bool CanSign(SignerKeyKind kind, string documentType, DateTimeOffset now) =>
        Kind == kind && State == SignerKeyState.Active && now < PrivateKeyUsageNotAfter && DocumentTypes.Contains(documentType, StringComparer.Ordinal);

    /// <summary>The contract view.</summary>
    public SignerKey ToContract()
    {
        var key = new SignerKey
        {
            KeyId = KeyId,
            KeyLabel = KeyLabel,
            State = State,
            KeyAlgorithm = KeyAlgorithm,
            SignatureScheme = SignatureScheme,
            Certificate = Certificate,
            CreatedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(CreatedAt),
            SignerKind = SignerKeyKinds.ToContract(Kind),
        };
        key.DocumentTypes.AddRange(DocumentTypes);
        if (ActivatedAt is { } activated)
        {
            key.ActivatedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(activated);
        }

        if (RetiredAt is { } retired)
        {
            key.RetiredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(retired);
        }

        return key;
    }
}
