using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Google.Protobuf;

namespace Credentials.IntegrationTests.TrustAnchor;

/// <summary>
/// A new P-256 CSCA of Utopia (UT) created by our csca service, and a Document Signer certificate it issues for a key
/// of the test: the start of the tests that watch trust-anchor learn about our csca's certificates through Kafka.
/// </summary>
internal static class UtopiaDocumentSigner
{
    /// <summary>
    /// CreateCsca (request id <c>it-{idPrefix}csca-{run}</c>, CSCA id <c>{idPrefix}{run}</c>), then IssueSignerCertificate
    /// (request id <c>it-{idPrefix}ds-{run}</c>) for <paramref name="documentSignerKey"/>.
    /// </summary>
    /// <returns>The issued certificate and the <see cref="Stopwatch"/> timestamp at which CreateCsca returned.</returns>
    public static async Task<(IssueSignerCertificateResponse Issued, long CscaCreatedAt)> IssueAsync(
        CscaService.CscaServiceClient csca, ECDsa documentSignerKey, string idPrefix, string run, string cscaCommonName, string documentSignerCommonName, CancellationToken ct)
    {
        var created = await csca.CreateCscaAsync(new CreateCscaRequest
        {
            RequestId = $"it-{idPrefix}csca-{run}",
            CscaId = idPrefix + run,
            Country = "UT",
            Organization = "Utopia",
            CommonName = cscaCommonName,
            KeyAlgorithm = KeyAlgorithm.EcP256,
        }, deadline: TrustMaterialImports.Deadline(60), cancellationToken: ct);
        var createdAt = Stopwatch.GetTimestamp();
        var csr = new CertificateRequest($"C=UT, O=Utopia, CN={documentSignerCommonName}", documentSignerKey, HashAlgorithmName.SHA256).CreateSigningRequest();
        var issued = await csca.IssueSignerCertificateAsync(new IssueSignerCertificateRequest
        {
            RequestId = $"it-{idPrefix}ds-{run}",
            CscaId = created.Csca.CscaId,
            CsrDer = ByteString.CopyFrom(csr),
            SignerKind = SignerKind.DocumentSigner,
            DocumentTypes = { "P" },
        }, deadline: TrustMaterialImports.Deadline(60), cancellationToken: ct);
        return (issued, createdAt);
    }
}
