using System.Security.Cryptography;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Issuance;
using Credentials.Icao9303.X509;

namespace Credentials.Icao9303.Tests.Issuance;

public sealed class CrlIssuerTests
{
    [Theory]
    [MemberData(nameof(CscaCertificateIssuerTests.Algorithms), MemberType = typeof(CscaCertificateIssuerTests))]
    public async Task IssueAsync_EachAlgorithm_VerifiesWithOpenSslAndLintsClean(string algorithm)
    {
        using var openssl = OpenSsl.Create();
        using var csca = CscaCertificateIssuerTests.SignerFor(algorithm);
        var cscaDer = await IssuanceFixtures.SelfSignedAsync(csca);
        var serial = CertificateSerialNumber.Create(IssuanceFixtures.Random);
        var template = new CrlTemplate
        {
            ThisUpdate = IssuanceFixtures.Now,
            NextUpdate = IssuanceFixtures.Now.AddDays(90),
            CrlNumber = 7,
            Entries = [new CrlEntry(serial, IssuanceFixtures.Now.AddHours(-1), CrlReason.KeyCompromise, IssuanceFixtures.Now.AddDays(-2))],
        };

        var der = await CrlIssuer.IssueAsync(template, cscaDer, csca, CancellationToken.None);

        var text = openssl.AssertCrlVerifies(cscaDer, der, "crl");
        Assert.Contains("Key Compromise", text, StringComparison.Ordinal);
        Assert.Contains("Invalidity Date", text, StringComparison.Ordinal);
        var crl = CertificateRevocationList.Decode(der);
        var lint = CertificateProfileLinter.LintCrl(crl);
        Assert.False(lint.HasErrors || lint.HasWarnings, string.Join("; ", lint.Findings.Select(f => f.RuleId + " " + f.Message)));
        Assert.True(CrlVerifier.Verify(crl, X509CertificateParts.Decode(cscaDer)).IsValid);
        Assert.Equal(2, crl.Version);
        Assert.Equal(7, (int)crl.CrlNumber!.Value);
        Assert.Equal(1, crl.FindRevoked(serial)!.ReasonCode);
    }

    [Fact]
    public async Task IssueAsync_Empty_OmitsRevokedCertificatesAndVerifies()
    {
        using var openssl = OpenSsl.Create();
        using var csca = SoftwareCertificateSigner.P256();
        var cscaDer = await IssuanceFixtures.SelfSignedAsync(csca);

        var der = await CrlIssuer.IssueAsync(
            new CrlTemplate { ThisUpdate = IssuanceFixtures.Now, NextUpdate = IssuanceFixtures.Now.AddDays(30), CrlNumber = 1 }, cscaDer, csca, CancellationToken.None);

        var text = openssl.AssertCrlVerifies(cscaDer, der, "empty");
        Assert.Contains("No Revoked Certificates", text, StringComparison.Ordinal);
        Assert.Empty(CertificateRevocationList.Decode(der).RevokedCertificates);
    }

    [Fact]
    public async Task IssueAsync_SeveralEntries_AreSortedAndReasonless_EntriesHaveNoExtensions()
    {
        using var csca = SoftwareCertificateSigner.P256();
        var cscaDer = await IssuanceFixtures.SelfSignedAsync(csca);
        var entries = new[]
        {
            new CrlEntry(new byte[] { 0x30, 0x01 }, IssuanceFixtures.Now, CrlReason.Superseded),
            new CrlEntry(new byte[] { 0x05 }, IssuanceFixtures.Now),
            new CrlEntry(new byte[] { 0x10, 0x00 }, IssuanceFixtures.Now, CrlReason.CessationOfOperation),
        };

        var der = await CrlIssuer.IssueAsync(
            new CrlTemplate { ThisUpdate = IssuanceFixtures.Now, NextUpdate = IssuanceFixtures.Now.AddDays(30), CrlNumber = 2, Entries = entries }, cscaDer, csca, CancellationToken.None);

        var crl = CertificateRevocationList.Decode(der);
        Assert.Equal(["05", "1000", "3001"], crl.RevokedCertificates.Select(r => r.SerialNumberHex));
        Assert.Null(crl.RevokedCertificates[0].ReasonCode);
        Assert.Equal(5, crl.RevokedCertificates[1].ReasonCode);
    }

    [Fact]
    public async Task IssueAsync_NextUpdateBeyondNinetyDays_IsRejected()
    {
        using var csca = SoftwareCertificateSigner.P256();
        var cscaDer = await IssuanceFixtures.SelfSignedAsync(csca);

        var error = await Assert.ThrowsAsync<IssuanceRejectedException>(() => CrlIssuer.IssueAsync(
            new CrlTemplate { ThisUpdate = IssuanceFixtures.Now, NextUpdate = IssuanceFixtures.Now.AddDays(91), CrlNumber = 1 }, cscaDer, csca, CancellationToken.None));

        Assert.Equal(IssuanceRejectedException.ValidityPeriodInvalid, error.Reason);
    }

    [Fact]
    public async Task IssueAsync_SignedByOtherKey_FailsOpenSslVerification()
    {
        using var openssl = OpenSsl.Create();
        using var csca = SoftwareCertificateSigner.P256();
        using var other = SoftwareCertificateSigner.P256();
        var cscaDer = await IssuanceFixtures.SelfSignedAsync(csca);

        var der = await CrlIssuer.IssueAsync(
            new CrlTemplate { ThisUpdate = IssuanceFixtures.Now, NextUpdate = IssuanceFixtures.Now.AddDays(30), CrlNumber = 1 }, cscaDer, other, CancellationToken.None);

        var ca = openssl.WriteCertificate("ca", cscaDer);
        var crlFile = openssl.WriteFile("bad.crl", der);
        var (code, output) = openssl.Run("crl", "-inform", "DER", "-in", crlFile, "-CAfile", ca, "-noout");
        Assert.True(code != 0 || !output.Contains("verify OK", StringComparison.Ordinal), output);
    }
}
