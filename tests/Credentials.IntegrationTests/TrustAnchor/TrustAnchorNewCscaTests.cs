using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.IntegrationTests.Services;
using Google.Protobuf;

namespace Credentials.IntegrationTests.TrustAnchor;

/// <summary>
/// Issue 7: with the real DE and NL Master Lists in the store (hundreds of anchors, many with explicit EC parameters), a
/// new CSCA — created by our csca and announced through Kafka, or imported by an administrator — is usable for
/// VerifyDocument at once: trust-anchor decodes only the new anchor, never the whole set again (docs/trust-anchor.md).
/// The time from "CSCA exists" to "a document under it verifies" is printed, not asserted (the issue sets no budget for it).
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class TrustAnchorNewCscaTests(SuiteFixture suite)
{
    private static readonly TimeSpan PollLimit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task VerifyDocument_CscaAnnouncedByOurCscaWithMasterListsStored_VerifiesSoonAfter()
    {
        suite.RequireStack();
        var ct = TestContext.Current.CancellationToken;
        using var adminTls = suite.ClientTls("admin");
        using var relyingTls = suite.ClientTls("relying-party");
        using var cscaChannel = suite.Channel("csca", adminTls);
        using var adminChannel = suite.Channel("trust-anchor", adminTls);
        using var relyingChannel = suite.Channel("trust-anchor", relyingTls);
        var csca = new CscaService.CscaServiceClient(cscaChannel);
        var admin = new TrustAnchorService.TrustAnchorServiceClient(adminChannel);
        var trust = new TrustAnchorService.TrustAnchorServiceClient(relyingChannel);
        await TrustAnchorWarmUp.EnsureAsync(admin, ct);
        var anchors = await ImportMasterListsAsync(admin, ct);
        var run = Guid.NewGuid().ToString("N")[..12];

        var created = await csca.CreateCscaAsync(new CreateCscaRequest
        {
            RequestId = "it-ta-new-csca-" + run,
            CscaId = "ta-new-" + run,
            Country = "UT",
            Organization = "Utopia",
            CommonName = "Utopia New CSCA " + run,
            KeyAlgorithm = KeyAlgorithm.EcP256,
        }, deadline: Deadline(60), cancellationToken: ct);
        var clock = Stopwatch.StartNew();
        using var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest($"C=UT, O=Utopia, CN=DS new {run}", dsKey, HashAlgorithmName.SHA256).CreateSigningRequest();
        var issued = await csca.IssueSignerCertificateAsync(new IssueSignerCertificateRequest
        {
            RequestId = "it-ta-new-ds-" + run,
            CscaId = created.Csca.CscaId,
            CsrDer = ByteString.CopyFrom(csr),
            SignerKind = SignerKind.DocumentSigner,
            DocumentTypes = { "P" },
        }, deadline: Deadline(60), cancellationToken: ct);
        var request = TestPassport.Request(dsKey, issued.Certificate.Der.ToByteArray(), DateTimeOffset.UtcNow);

        var response = await PollAsync(trust, request, ct);
        var elapsed = clock.Elapsed;

        TestContext.Current.SendDiagnosticMessage(
            $"A document under the CSCA our csca just created verified {elapsed.TotalMilliseconds:F0} ms after CreateCsca returned ({anchors} Master List certificates stored)");
        Assert.Equal(CheckStatus.Pass, response.Checks.Single(c => c.Name == "chain.csca").Status);
        Assert.Equal(CheckStatus.Pass, response.Checks.Single(c => c.Name == "sod.signature").Status);
        Assert.Contains(response.Verdict, new[] { Verdict.Valid, Verdict.ValidWithWarnings });
        Assert.Equal(CertificateKind.Csca, response.CertificatePath[^1].Kind);
    }

    [Fact]
    public async Task ImportTrustMaterial_NewCscaWithMasterListsStored_NextVerifyDocumentValid()
    {
        suite.RequireStack();
        var ct = TestContext.Current.CancellationToken;
        using var adminTls = suite.ClientTls("admin");
        using var channel = suite.Channel("trust-anchor", adminTls);
        var admin = new TrustAnchorService.TrustAnchorServiceClient(channel);
        await TrustAnchorWarmUp.EnsureAsync(admin, ct);
        var anchors = await ImportMasterListsAsync(admin, ct);
        var now = DateTimeOffset.UtcNow;
        var run = Guid.NewGuid().ToString("N")[..12];
        using var cscaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var cscaRequest = new CertificateRequest($"C=UT, O=Utopia, CN=Imported CSCA {run}", cscaKey, HashAlgorithmName.SHA256);
        cscaRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        cscaRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ski = new X509SubjectKeyIdentifierExtension(cscaRequest.PublicKey, false);
        cscaRequest.CertificateExtensions.Add(ski);
        using var cscaCertificate = cscaRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));
        var dsRequest = new CertificateRequest($"C=UT, O=Utopia, CN=Imported DS {run}", dsKey, HashAlgorithmName.SHA256);
        dsRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        dsRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski));
        using var dsc = dsRequest.Create(cscaCertificate.SubjectName, X509SignatureGenerator.CreateForECDsa(cscaKey), now.AddHours(-1), now.AddYears(2), RandomNumberGenerator.GetBytes(8));

        var clock = Stopwatch.StartNew();
        var imported = await admin.ImportTrustMaterialAsync(new ImportTrustMaterialRequest
        {
            RequestId = "it-ta-import-csca-" + run,
            Kind = TrustMaterialKind.CscaCertificate,
            Content = ByteString.CopyFrom(cscaCertificate.RawData),
            Source = "integration test new CSCA",
            ExplicitlyTrusted = true,
        }, deadline: Deadline(120), cancellationToken: ct);
        var importElapsed = clock.Elapsed;
        var response = await admin.VerifyDocumentAsync(TestPassport.Request(dsKey, dsc.RawData, now), deadline: Deadline(30), cancellationToken: ct);

        TestContext.Current.SendDiagnosticMessage(
            $"ImportTrustMaterial of one CSCA answered (its snapshot loaded) after {importElapsed.TotalMilliseconds:F0} ms; VerifyDocument {clock.Elapsed.TotalMilliseconds - importElapsed.TotalMilliseconds:F0} ms later ({anchors} Master List certificates stored)");
        Assert.Single(imported.AddedCertificates);
        Assert.Equal(CheckStatus.Pass, response.Checks.Single(c => c.Name == "chain.csca").Status);
        Assert.Equal(Verdict.ValidWithWarnings, response.Verdict);
        Assert.Equal("CRL_MISSING", response.Checks.Single(c => c.Name == "crl.dsc").Reason);
    }

    /// <summary>The real Master Lists, with the request ids of the import test (a replay returns the recorded answer); returns how many certificates they hold.</summary>
    private static async Task<int> ImportMasterListsAsync(TrustAnchorService.TrustAnchorServiceClient client, CancellationToken ct)
    {
        var root = TrustVectors.Root();
        var total = 0;
        foreach (var file in new[] { "DE_ML_2025-08-14-07-41-09.ml", "NL_ML_2025-07-29.ml" })
        {
            var content = await File.ReadAllBytesAsync(Path.Combine(root, "master-lists", file), ct);
            var response = await client.ImportTrustMaterialAsync(new ImportTrustMaterialRequest
            {
                RequestId = "it-ml-" + file,
                Kind = TrustMaterialKind.MasterList,
                Content = ByteString.CopyFrom(content),
                Source = "integration test " + file,
                ExplicitlyTrusted = true,
            }, deadline: Deadline(600), cancellationToken: ct);
            total += response.AddedCertificates.Count + response.UnchangedCount;
        }

        Assert.True(total > 500, $"only {total} Master List certificates");
        return total;
    }

    private static DateTime Deadline(int seconds) => DateTime.UtcNow.AddSeconds(seconds);

    private static async Task<VerifyDocumentResponse> PollAsync(TrustAnchorService.TrustAnchorServiceClient client, VerifyDocumentRequest request, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await client.VerifyDocumentAsync(request, deadline: Deadline(30), cancellationToken: ct);
            if (response.Checks.Any(c => c.Name == "chain.csca" && c.Status == CheckStatus.Pass) || clock.Elapsed > PollLimit)
            {
                return response;
            }

            await Task.Delay(50, ct);
        }
    }
}
