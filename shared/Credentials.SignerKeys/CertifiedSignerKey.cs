using Credentials.Contracts.Common.V1;

namespace Credentials.SignerKeys;

/// <summary>A key pair in the HSM and the certificate csca issued for it (checked to certify that very key).</summary>
public sealed record CertifiedSignerKey
{
    public required string KeyLabel { get; init; }

    public required byte[] CertificateDer { get; init; }

    /// <summary>SHA-256 over <see cref="CertificateDer"/>, lowercase hex.</summary>
    public required string CertificateFingerprint { get; init; }

    /// <summary>The certificate summary csca returned.</summary>
    public required Certificate Certificate { get; init; }

    /// <summary>privateKeyUsagePeriod notAfter, else notAfter (Doc 9303 Part 12 §7.1.1): the key signs nothing after it.</summary>
    public required DateTimeOffset PrivateKeyUsageNotAfter { get; init; }
}
