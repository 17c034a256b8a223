using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.IntegrationTests.Services;
using Credentials.ServiceDefaults.Grpc;
using Grpc.Core;
using Grpc.Net.Client;

namespace Credentials.IntegrationTests.Csca;

/// <summary>Helpers for the csca tests: an admin client over mTLS and request builders with fresh ids.</summary>
internal sealed class CscaClientFixture : IDisposable
{
    private readonly Credentials.Grpc.ClientTlsMaterial _tls;
    private readonly GrpcChannel _channel;

    public CscaClientFixture(SuiteFixture suite, string identity = "admin")
    {
        suite.RequireStack();
        _tls = suite.ClientTls(identity);
        _channel = suite.Channel("csca", _tls);
        Client = new CscaService.CscaServiceClient(_channel);
    }

    public CscaService.CscaServiceClient Client { get; }

    public static CallOptions Call => new(deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: TestContext.Current.CancellationToken);

    public static string NewId() => Guid.NewGuid().ToString("D");

    /// <summary>A new lineage id unique to this run (the stack's database outlives test runs).</summary>
    public static string NewCscaId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static CreateCscaRequest CreateRequest(string cscaId, KeyAlgorithm algorithm = KeyAlgorithm.EcP256) => new()
    {
        RequestId = NewId(),
        CscaId = cscaId,
        Country = "NL",
        Organization = "Kingdom of the Netherlands",
        OrganizationalUnit = "Integration Tests",
        CommonName = "CSCA NL IT",
        KeyAlgorithm = algorithm,
    };

    public async Task<CscaGeneration> CreateCscaAsync(string cscaId, KeyAlgorithm algorithm = KeyAlgorithm.EcP256) =>
        (await Client.CreateCscaAsync(CreateRequest(cscaId, algorithm), Call)).Csca;

    /// <summary>A PKCS#10 request from a software key made in the test (the signer's key never reaches the CSCA).</summary>
    public static byte[] Csr(string subject, out ECDsa key)
    {
        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSigningRequest();
    }

    public static string? Reason(RpcException exception) => GrpcErrors.GetReason(exception);

    public void Dispose()
    {
        _channel.Dispose();
        _tls.Dispose();
    }
}
