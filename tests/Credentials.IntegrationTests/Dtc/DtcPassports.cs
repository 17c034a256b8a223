using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.IntegrationTests.DocumentSigner;
using Credentials.IntegrationTests.Services;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Credentials.IntegrationTests.Dtc;

/// <summary>
/// Passports for the DTC tests, issued by the suite itself: a P-256 CSCA in csca, a signer key in document-signer for a
/// document type unique to the test, and an EF.SOD from SignSecurityObject over a real TD3 DG1, a DG2 and a DG14 filler.
/// </summary>
internal sealed class DtcPassports : IDisposable
{
    private readonly Credentials.Grpc.ClientTlsMaterial _tls;
    private readonly GrpcChannel _cscaChannel;
    private readonly GrpcChannel _signerChannel;

    public DtcPassports(SuiteFixture suite)
    {
        suite.RequireStack();
        _tls = suite.ClientTls("admin");
        _cscaChannel = suite.Channel("csca", _tls);
        _signerChannel = suite.Channel("document-signer", _tls);
    }

    public static CallOptions Call => new(deadline: DateTime.UtcNow.AddSeconds(150), cancellationToken: TestContext.Current.CancellationToken);

    public static string NewId() => DocumentSignerClientFixture.NewId();

    /// <summary>
    /// A fresh CSCA and an active signer key under it. trust-anchor learns the CSCA from csca's <c>certificate.issued</c>
    /// event (its inbox consumer); callers retry Passive Authentication until it has.
    /// </summary>
    public Task<string> CreateIssuerAsync() => CreateIssuerAsync(null);

    /// <summary>
    /// An active signer key for a fresh document type under CSCA <paramref name="existingCscaId"/> (which must exist), or
    /// under a fresh CSCA when null.
    /// </summary>
    public async Task<string> CreateIssuerAsync(string? existingCscaId)
    {
        var cscaId = existingCscaId ?? "dtc-it-" + Guid.NewGuid().ToString("N")[..12];
        if (existingCscaId is null)
        {
            await CreateCscaAsync(cscaId, NewId());
        }

        var documentType = DocumentSignerClientFixture.NewDocumentType();
        var key = new CreateSignerKeyRequest { RequestId = NewId(), KeyAlgorithm = KeyAlgorithm.EcP256, CscaId = cscaId, Activate = true };
        key.DocumentTypes.Add(documentType);
        await new DocumentSignerService.DocumentSignerServiceClient(_signerChannel).CreateSignerKeyAsync(key, Call);
        return documentType;
    }

    /// <summary>
    /// The long-lived CSCA <paramref name="cscaId"/> (created once per stack with a fixed request_id, so a later run
    /// replays it); trust-anchor learns it from csca's event once and keeps it across runs.
    /// </summary>
    public async Task EnsureCscaAsync(string cscaId)
    {
        try
        {
            await CreateCscaAsync(cscaId, cscaId + "-create-v1");
        }
        catch (RpcException error) when (Csca.CscaClientFixture.Reason(error) == "CSCA_ALREADY_EXISTS")
        {
            // Created earlier under another request_id: it exists, which is all that is needed.
        }
    }

    private async Task CreateCscaAsync(string cscaId, string requestId)
    {
        _ = (await new CscaService.CscaServiceClient(_cscaChannel).CreateCscaAsync(
            new CreateCscaRequest
            {
                RequestId = requestId,
                CscaId = cscaId,
                Country = "NL",
                Organization = "Kingdom of the Netherlands",
                OrganizationalUnit = "DTC Integration Tests",
                CommonName = "CSCA NL DTC IT",
                KeyAlgorithm = KeyAlgorithm.EcP256,
            },
            Call)).Csca;
    }

    /// <summary>Signs a passport of <paramref name="documentType"/>; returns the issuance and the data groups it covers.</summary>
    public async Task<(Issuance Issuance, Dictionary<int, byte[]> DataGroups)> IssuePassportAsync(string documentType)
    {
        var documentNumber = "DT" + Random.Shared.Next(10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
        var request = DocumentSignerClientFixture.SignRequest(documentType, documentNumber, out var dataGroups);
        var issuance = (await new DocumentSignerService.DocumentSignerServiceClient(_signerChannel).SignSecurityObjectAsync(request, Call)).Issuance;
        return (issuance, dataGroups);
    }

    /// <summary>A valid TD3 DG1 expiring in 2034 (<see cref="DocumentSignerClientFixture.DataGroup1"/>).</summary>
    public static byte[] DataGroup1(string documentNumber) => DocumentSignerClientFixture.DataGroup1(documentNumber);

    public void Dispose()
    {
        _cscaChannel.Dispose();
        _signerChannel.Dispose();
        _tls.Dispose();
    }
}
