namespace Credentials.Dtc.Application;

/// <summary>A row of <c>dtc.signer_keys</c>: a DTC Signer key pair in the HSM (token of this service) and its certificate from csca.</summary>
internal sealed record DtcSignerKey
{
    /// <summary>CKA_LABEL of the key pair in the HSM.</summary>
    public required string KeyLabel { get; init; }

    public required byte[] CertificateDer { get; init; }

    /// <summary>SHA-256 over <see cref="CertificateDer"/>, lowercase hex.</summary>
    public required string CertificateSha256 { get; init; }

    public required string SerialNumber { get; init; }

    /// <summary>End of the certificate's privateKeyUsagePeriod (or notAfter when absent): no DTC is signed after it.</summary>
    public required DateTimeOffset PrivateKeyUsageNotAfter { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The certificate's notAfter.</summary>
    public DateTimeOffset CertificateNotAfter => Credentials.Icao9303.Crypto.X509CertificateParts.Decode(CertificateDer).NotAfter;
}
