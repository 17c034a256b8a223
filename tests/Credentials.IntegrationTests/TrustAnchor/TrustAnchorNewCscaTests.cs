using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Icao9303.Tests.Pkd;
using Credentials.IntegrationTests.Services;
using Google.Protobuf;

namespace Credentials.IntegrationTests.TrustAnchor;

/// <summary>
/// Issue 7: with a Master List of hundreds of CSCAs in the store (made at test time: the store's size is what matters
/// here, not a State's list; the real DE and NL lists are imported by <see cref="TrustAnchorVerificationTests"/>), a
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
        var ct = TestContext.Current.CancellationToken;
        using var admin = await TrustAnchorConnection.OpenAsync(suite, "admin", ct);
        using var relying = await TrustAnchorConnection.OpenAsync(suite, "relying-party", ct);
        using var cscaChannel = suite.Channel("csca", admin.Tls);
        var csca = new CscaService.CscaServiceClient(cscaChannel);
        var trust = relying.Client;
        var anchors = await ImportMasterListsAsync(admin.Client, ct);
        var run = Guid.NewGuid().ToString("N")[..12];
        using var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var (issued, cscaCreatedAt) = await UtopiaDocumentSigner.IssueAsync(csca, dsKey, "ta-new-", run, "Utopia New CSCA " + run, $"DS new {run}", ct);
        var request = TestPassport.Request(dsKey, issued.Certificate.Der.ToByteArray(), DateTimeOffset.UtcNow);

        var response = await PollAsync(trust, request, ct);
        var elapsed = Stopwatch.GetElapsedTime(cscaCreatedAt);

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
        var ct = TestContext.Current.CancellationToken;
        using var trustAnchor = await TrustAnchorConnection.OpenAsync(suite, "admin", ct);
        var admin = trustAnchor.Client;
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

    /// <summary>
    /// Imports a Master List of one test State holding its CSCA and 520 other CSCAs (Doc 9303 Part 12 section 9), made
    /// for this call; returns how many certificates it holds.
    /// </summary>
    private static async Task<int> ImportMasterListsAsync(TrustAnchorService.TrustAnchorServiceClient client, CancellationToken ct)
    {
        var run = Guid.NewGuid().ToString("N")[..12];
        byte[] list;
        using (var csca = X509CertificateLoader.LoadCertificate(TestMasterList.Csca($"CN=Listing CSCA {run},O=Utopia,C=UT", out var cscaKey)))
        using (cscaKey)
        {
            list = TestMasterList.Create(csca, cscaKey, foreignCount: 520);
        }

        var response = await client.ImportTrustMaterialAsync(new ImportTrustMaterialRequest
        {
            RequestId = "it-ta-new-csca-ml-" + run,
            Kind = TrustMaterialKind.MasterList,
            Content = ByteString.CopyFrom(list),
            Source = "integration test Master List of 521 CSCAs",
            ExplicitlyTrusted = true,
        }, deadline: Deadline(600), cancellationToken: ct);
        var total = response.AddedCertificates.Count + response.UnchangedCount;

        Assert.True(total > 500, $"only {total} Master List certificates");
        return total;
    }

    private static DateTime Deadline(int seconds) => TrustMaterialImports.Deadline(seconds);

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
