using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.IntegrationTests.Services;
using Google.Protobuf;

namespace Credentials.IntegrationTests.TrustAnchor;

/// <summary>
/// thisUpdate has whole seconds, so a CSCA that revokes right after publishing issues two CRLs of one second; the
/// current one must then be the higher cRLNumber (RFC 5280 §5.2.3), never whichever has the larger fingerprint.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class TrustAnchorCrlOrderTests(SuiteFixture suite)
{
    [Fact]
    public async Task ImportTrustMaterial_TwoCrlsOfOneSecond_TheHigherCrlNumberDecidesRevocation()
    {
        var ct = TestContext.Current.CancellationToken;
        using var trustAnchor = await TrustAnchorConnection.OpenAsync(suite, "admin", ct);
        var client = trustAnchor.Client;
        var run = Guid.NewGuid().ToString("N")[..12];
        var now = DateTimeOffset.UtcNow;

        using var cscaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var cscaRequest = new CertificateRequest($"C=UT, O=Utopia, CN=CRL order CSCA {run}", cscaKey, HashAlgorithmName.SHA256);
        cscaRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        cscaRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        cscaRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(cscaRequest.PublicKey, false));
        using var csca = cscaRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));

        using var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var dsRequest = new CertificateRequest($"C=UT, O=Utopia, CN=CRL order DS {run}", dsKey, HashAlgorithmName.SHA256);
        dsRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        dsRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(csca, true, false));
        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] &= 0x7F;
        using var dsc = dsRequest.Create(csca, now.AddDays(-1), now.AddYears(1), serial);

        var thisUpdate = DateTimeOffset.FromUnixTimeSeconds(now.AddMinutes(-1).ToUnixTimeSeconds());
        byte[] Crl(int number, bool revokesDsc)
        {
            var builder = new CertificateRevocationListBuilder();
            if (revokesDsc)
            {
                builder.AddEntry(serial, now.AddMinutes(-2), X509RevocationReason.KeyCompromise);
            }

            return builder.Build(csca, new BigInteger(number), thisUpdate.AddDays(7), HashAlgorithmName.SHA256, thisUpdate: thisUpdate);
        }

        // CRL 2 revokes the DSC; CRL 1 (same thisUpdate) does not. ECDSA signatures differ per build: take a CRL 1
        // whose fingerprint sorts above CRL 2's, so that a fingerprint tie-break would pick the wrong one.
        var newer = Crl(2, revokesDsc: true);
        var newerFingerprint = Convert.ToHexStringLower(SHA256.HashData(newer));
        byte[] older;
        do
        {
            older = Crl(1, revokesDsc: false);
        }
        while (string.CompareOrdinal(Convert.ToHexStringLower(SHA256.HashData(older)), newerFingerprint) <= 0);

        await TrustMaterialImports.ImportCscaAsync(client, csca.RawData, "CRL order CSCA " + run, ct);
        foreach (var (crl, label) in new[] { (newer, "2"), (older, "1") })
        {
            var imported = await client.ImportTrustMaterialAsync(new ImportTrustMaterialRequest
            {
                RequestId = $"it-crl-order-{run}-{label}",
                Kind = TrustMaterialKind.Crl,
                Content = ByteString.CopyFrom(crl),
                Source = "integration test CRL order " + run,
            }, deadline: TrustMaterialImports.Deadline(60), cancellationToken: ct);
            Assert.Equal(0, imported.RejectedCount);
        }

        // The snapshot is rebuilt behind the import: wait for both CRLs, then the revoking one must be current.
        VerifyCertificateResponse response;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            response = await client.VerifyCertificateAsync(new VerifyCertificateRequest { Certificate = ByteString.CopyFrom(dsc.RawData) }, deadline: TrustMaterialImports.Deadline(10), cancellationToken: ct);
            if (response.Certificate.Status == CertificateStatus.Revoked || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(200, ct);
        }
        while (true);

        Assert.Equal(CertificateStatus.Revoked, response.Certificate.Status);
        Assert.Equal(Verdict.Invalid, response.Verdict);
        Assert.Contains(response.Checks, c => c.Name == "crl.certificate" && c.Reason == "CRL_REVOKED");
    }
}
