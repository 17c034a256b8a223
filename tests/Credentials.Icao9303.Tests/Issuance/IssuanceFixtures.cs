using System.Security.Cryptography;
using Credentials.Icao9303.Issuance;
using Credentials.Icao9303.X509;

namespace Credentials.Icao9303.Tests.Issuance;

/// <summary>Shared builders for the issuance tests.</summary>
internal static class IssuanceFixtures
{
    /// <summary>Thread-safe source of serial numbers for the tests.</summary>
    public static RandomNumberGenerator Random { get; } = RandomNumberGenerator.Create();

    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static CscaCertificateTemplate CscaTemplate(string serialNumber = "1") => new()
    {
        Country = "NL",
        Organization = "Kingdom of the Netherlands",
        OrganizationalUnit = "Ministry of the Interior",
        CommonName = "CSCA NL Test",
        SubjectSerialNumber = serialNumber,
        NotBefore = Now,
        NotAfter = Now.AddYears(15),
        PrivateKeyUsageNotBefore = Now,
        PrivateKeyUsageNotAfter = Now.AddYears(5),
        CrlDistributionPoints = ["http://pkd.example.nl/csca.crl"],
    };

    public static SignerCertificateTemplate SignerTemplate(SignerCertificateKind kind, params string[] documentTypes) => new()
    {
        Kind = kind,
        NotBefore = Now,
        NotAfter = Now.AddYears(10).AddMonths(3),
        PrivateKeyUsageNotBefore = Now,
        PrivateKeyUsageNotAfter = Now.AddMonths(3),
        DocumentTypes = documentTypes,
    };

    public static Task<byte[]> SelfSignedAsync(SoftwareCertificateSigner signer, string serialNumber = "1") =>
        CscaCertificateIssuer.IssueSelfSignedAsync(CscaTemplate(serialNumber), signer.SubjectPublicKeyInfo, signer, IssuanceFixtures.Random, CancellationToken.None);

    public static byte[] CreateCsr(string subject, AsymmetricAlgorithm key)
    {
        var request = key switch
        {
            ECDsa ec => new System.Security.Cryptography.X509Certificates.CertificateRequest(subject, ec, HashAlgorithmName.SHA256),
            RSA rsa => new System.Security.Cryptography.X509Certificates.CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("Unknown key type.", nameof(key)),
        };
        return request.CreateSigningRequest();
    }

    public static void AssertLintsClean(byte[] der, CertificateProfile profile)
    {
        var report = CertificateProfileLinter.Lint(der, profile);
        var errors = report.Findings.Where(f => f.Severity == LintSeverity.Error).Select(f => $"{f.RuleId}: {f.Message}").ToList();
        Assert.True(errors.Count == 0, $"{profile} lint errors: {string.Join("; ", errors)}");
        var warnings = report.Findings.Where(f => f.Severity == LintSeverity.Warning).Select(f => $"{f.RuleId}: {f.Message}").ToList();
        Assert.True(warnings.Count == 0, $"{profile} lint warnings: {string.Join("; ", warnings)}");
    }
}
