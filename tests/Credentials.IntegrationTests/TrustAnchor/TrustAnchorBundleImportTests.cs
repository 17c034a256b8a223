using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.IntegrationTests.Services;
using Google.Protobuf;
using Grpc.Core;

namespace Credentials.IntegrationTests.TrustAnchor;

/// <summary>
/// Issue 14 item 5: ImportTrustMaterial of a certificate bundle with malformed entries imports the good ones and
/// reports each skipped entry (skipped_entries, findings, rejected_count). The malformed entries are three CSCA
/// certificates made here and cut short (valid PEM, DER that ends inside the certificate), plus a block that is not
/// base64; the public 720-certificate bundle's real malformed entries are checked by the Doc 9303 conformance tests.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class TrustAnchorBundleImportTests(SuiteFixture suite)
{
    [Fact]
    public async Task ImportTrustMaterial_BundleWithMalformedEntries_GoodOneAddedEachSkippedOneReported()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await TrustAnchorConnection.OpenAsync(suite, "admin", ct);
        var run = Guid.NewGuid().ToString("N")[..12];
        using var cscaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"C=UT, O=Utopia, CN=Bundle CSCA {run}", cscaKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var csca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        var bundle = new StringBuilder(PemEncoding.WriteString("CERTIFICATE", csca.RawData)).Append('\n');
        foreach (var block in CutShortCertificates())
        {
            bundle.Append(block).Append('\n');
        }

        bundle.Append("-----BEGIN CERTIFICATE-----\nMII*not-base64*\n-----END CERTIFICATE-----\n");

        var response = await admin.Client.ImportTrustMaterialAsync(new ImportTrustMaterialRequest
        {
            RequestId = "it-ta-bundle-" + run,
            Kind = TrustMaterialKind.CscaCertificate,
            Content = ByteString.CopyFrom(Encoding.ASCII.GetBytes(bundle.ToString())),
            Source = "integration test bundle with malformed entries",
            ExplicitlyTrusted = true,
        }, deadline: TrustMaterialImports.Deadline(120), cancellationToken: ct);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(csca.RawData)), Assert.Single(response.AddedCertificates).FingerprintSha256);
        Assert.Equal(4, response.RejectedCount);
        Assert.Equal(
            [(1, "x509.malformed"), (2, "x509.malformed"), (3, "x509.malformed"), (4, "pem.base64")],
            response.SkippedEntries.Select(s => (s.Index, s.Reason)).ToArray());
        Assert.Equal(4, response.Findings.Count(f => f.Reason == "TRUST_MATERIAL_MALFORMED"));
    }

    [Fact]
    public async Task ImportTrustMaterial_BundleWithoutUsableCertificate_InvalidArgument()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await TrustAnchorConnection.OpenAsync(suite, "admin", ct);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await admin.Client.ImportTrustMaterialAsync(new ImportTrustMaterialRequest
        {
            RequestId = "it-ta-bundle-none-" + Guid.NewGuid().ToString("N")[..12],
            Kind = TrustMaterialKind.CscaCertificate,
            Content = ByteString.CopyFrom(Encoding.ASCII.GetBytes(string.Join('\n', CutShortCertificates()))),
            Source = "integration test bundle of malformed entries only",
            ExplicitlyTrusted = true,
        }, deadline: TrustMaterialImports.Deadline(60), cancellationToken: ct));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("x509.malformed", error.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>Three PEM blocks of CSCA certificates cut short at different depths: each decodes as <c>x509.malformed</c>.</summary>
    private static IEnumerable<string> CutShortCertificates()
    {
        foreach (var keep in new[] { 0.9, 0.5, 0.2 })
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("C=UT, O=Utopia, CN=Cut short CSCA", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
            yield return PemEncoding.WriteString("CERTIFICATE", certificate.RawData.AsSpan(0, (int)(certificate.RawData.Length * keep)));
        }
    }
}
