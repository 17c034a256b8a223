using Credentials.Contracts.Common.V1;

namespace Credentials.SignerKeys;

/// <summary>
/// A row of <c>signer_keys</c> (in the schema of the service that holds the key): a key pair in the HSM under
/// <see cref="KeyLabel"/>, the certificate csca issued for it, and where it is in its life.
/// </summary>
public sealed record SignerKeyRecord
{
    public required string KeyId { get; init; }

    /// <summary>CKA_LABEL of the key pair in the HSM (not secret).</summary>
    public required string KeyLabel { get; init; }

    public required SignerKeyKind Kind { get; init; }

    public required SignerKeyStatus Status { get; init; }

    public required KeyAlgorithm KeyAlgorithm { get; init; }

    public required SignatureScheme SignatureScheme { get; init; }

    /// <summary>The Document Type List of the certificate (Doc 9303 Part 12 §7.1.1, extension 2.23.136.1.1.6.2).</summary>
    public required IReadOnlyList<string> DocumentTypes { get; init; }

    /// <summary>SHA-256 over <see cref="CertificateDer"/>, lowercase hex.</summary>
    public required string CertificateFingerprint { get; init; }

    public required byte[] CertificateDer { get; init; }

    /// <summary>The certificate summary csca returned (credentials.common.v1.Certificate).</summary>
    public required Certificate Certificate { get; init; }

    /// <summary>privateKeyUsagePeriod notAfter of the certificate (Doc 9303 Part 12 §7.1.1), else its notAfter: no signature after it.</summary>
    public required DateTimeOffset PrivateKeyUsageNotAfter { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ActivatedAt { get; init; }

    public DateTimeOffset? RetiredAt { get; init; }

    /// <summary>Why the key retired early (e.g. its certificate was revoked); empty otherwise.</summary>
    public string RetiredReason { get; init; } = string.Empty;

    /// <summary>The request that made the key (the service's request_id, or the key label when the service made it itself).</summary>
    public required string RequestId { get; init; }

    /// <summary>True when the key may sign a <paramref name="kind"/> object of <paramref name="documentType"/> at <paramref name="now"/>.</summary>
    public bool CanSign(SignerKeyKind kind, string documentType, DateTimeOffset now) =>
        Kind == kind && Status == SignerKeyStatus.Active && now < PrivateKeyUsageNotAfter && DocumentTypes.Contains(documentType, StringComparer.Ordinal);
}
