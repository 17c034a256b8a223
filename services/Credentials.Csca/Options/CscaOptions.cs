namespace Credentials.Csca.Options;

/// <summary>
/// Issuing defaults and the CRL schedule of the csca service (configuration section <see cref="SectionName"/>).
/// Durations use the TimeSpan format <c>d.hh:mm:ss</c>.
/// </summary>
internal sealed class CscaOptions
{
    public const string SectionName = "Csca";

    /// <summary>Default CSCA certificate validity (Doc 9303 Part 12 §5: key usage period + longest DS validity).</summary>
    public TimeSpan CscaValidity { get; set; } = TimeSpan.FromDays(15 * 365 + 4);

    /// <summary>Default CSCA private key usage period (Part 12 §5: 3 to 5 years).</summary>
    public TimeSpan CscaPrivateKeyUsagePeriod { get; set; } = TimeSpan.FromDays(5 * 365 + 1);

    /// <summary>Default Document/DTC Signer validity: key usage period + the documents' validity (10 years).</summary>
    public TimeSpan DocumentSignerValidity { get; set; } = TimeSpan.FromDays(10 * 365 + 3 + 92);

    /// <summary>Default Document/DTC Signer private key usage period (Part 12 §5: about 3 months).</summary>
    public TimeSpan DocumentSignerPrivateKeyUsagePeriod { get; set; } = TimeSpan.FromDays(92);

    /// <summary>Default Master/Deviation List Signer validity.</summary>
    public TimeSpan ListSignerValidity { get; set; } = TimeSpan.FromDays(3 * 365 + 1);

    /// <summary>Default Master/Deviation List Signer private key usage period.</summary>
    public TimeSpan ListSignerPrivateKeyUsagePeriod { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Key algorithm of Master List Signer keys the service generates in its HSM for SignMasterList.</summary>
    public Credentials.KeyVault.KeyAlgorithm ListSignerKeyAlgorithm { get; set; } = Credentials.KeyVault.KeyAlgorithm.EcP256;

    /// <summary>nextUpdate - thisUpdate of published CRLs (at most 90 days, Part 12 §7.1.4).</summary>
    public TimeSpan CrlNextUpdate { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A CRL is re-published when its nextUpdate is closer than this.</summary>
    public TimeSpan CrlRepublishMargin { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the scheduler looks for CRLs due for re-publication.</summary>
    public TimeSpan CrlCheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>CRL distribution point URIs written into issued certificates; empty for none.</summary>
    public IList<string> CrlDistributionPoints { get; } = [];

    /// <summary>Kafka topic of the service's events.</summary>
    public string EventsTopic { get; set; } = "credentials.csca.v1.events";

    /// <summary>Largest PKCS#10 request accepted.</summary>
    public int MaxCsrBytes { get; set; } = 16 * 1024;
}
