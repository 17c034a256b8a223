using System.Security.Cryptography;
using System.Text.Json;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.Icao9303.Sod;
using Credentials.IntegrationTests.Csca;
using Credentials.IntegrationTests.Services;

namespace Credentials.IntegrationTests.DocumentSigner;

/// <summary>
/// Issue 6, CLI: <c>credctl sign sod</c> against the suite's document-signer over mTLS (admin identity). The EF.SOD it
/// writes decodes, carries the hashes of the given data groups, passes the offline <c>credctl verify</c> with the CSCA
/// as trust anchor, and a retry with the same request id writes the identical bytes (and says it was replayed).
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class SignCommandTests(SuiteFixture suite)
{
    [Fact]
    public async Task SignSod_RealSignThenRetryWithSameRequestId_WritesVerifiableSodAndIdenticalBytes()
    {
        using var client = new DocumentSignerClientFixture(suite);
        var cancellationToken = TestContext.Current.CancellationToken;
        var csca = await client.CreateCscaAsync(CscaClientFixture.NewCscaId("ds-cli"));
        var documentType = await client.NewUncoveredDocumentTypeAsync();
        var key = await client.CreateSignerKeyAsync(csca.CscaId, documentType);

        var directory = Directory.CreateTempSubdirectory("credctl-sign-");
        try
        {
            var dg1 = Path.Combine(directory.FullName, "dg1.bin");
            var dg2 = Path.Combine(directory.FullName, "dg2.bin");
            var cscaFile = Path.Combine(directory.FullName, "csca.der");
            var face = RandomNumberGenerator.GetBytes(1024);
            face[0] = 0x75;
            await File.WriteAllBytesAsync(dg1, DocumentSignerClientFixture.DataGroup1("CL1234567"), cancellationToken);
            await File.WriteAllBytesAsync(dg2, face, cancellationToken);
            await File.WriteAllBytesAsync(cscaFile, csca.Certificate.Der.ToByteArray(), cancellationToken);
            var dg14Hash = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
            var requestId = DocumentSignerClientFixture.NewId();
            var first = Path.Combine(directory.FullName, "sod-1.bin");
            var second = Path.Combine(directory.FullName, "sod-2.bin");

            List<string> Sign(string output) =>
            [
                "sign", "sod",
                "--request-id", requestId,
                "--doc-type", documentType,
                "--dg", $"1={dg1}",
                "--dg", $"2={dg2}",
                "--dg-hash", $"14={dg14Hash}",
                "--lds-version", "0108",
                "--unicode-version", "040000",
                "--document-number", "CL1234567",
                "--out", output,
                .. TlsArguments(),
            ];

            var (exit, stdout, stderr) = await CredctlProcess.RunAsync(Sign(first), cancellationToken);
            Assert.True(exit == 0, $"credctl sign sod: exit {exit}: {stdout}{stderr}");
            Assert.Contains($"request-id {requestId}", stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("replayed", stdout, StringComparison.Ordinal);
            var sod = await File.ReadAllBytesAsync(first, cancellationToken);
            Assert.Equal(0x77, sod[0]);

            var decoded = EfSod.Decode(sod);
            var hashes = decoded.SecurityObject.DataGroupHashes.ToDictionary(h => h.DataGroupNumber, h => h.HashValue.ToArray());
            Assert.Equal([1, 2, 14], hashes.Keys.Order());
            Assert.Equal(SHA256.HashData(await File.ReadAllBytesAsync(dg1, cancellationToken)), hashes[1]);
            Assert.Equal(SHA256.HashData(face), hashes[2]);
            Assert.Equal(Convert.FromHexString(dg14Hash), hashes[14]);

            var issuance = (await client.Signer.GetIssuanceAsync(new GetIssuanceRequest { RequestId = requestId }, DocumentSignerClientFixture.Call)).Issuance;
            Assert.Equal(sod, issuance.SecurityObject.ToByteArray());
            Assert.Equal(key.KeyId, issuance.SignerKeyId);

            // Offline Passive Authentication with the CSCA as the only trust anchor. DG14 is not given (only its hash was
            // signed) and no CRL is, so warnings are allowed; the signature, the chain and DG1/DG2 must pass.
            var verify = await CredctlProcess.RunAsync(["verify", "--sod", first, "--dg", $"1={dg1}", "--dg", $"2={dg2}", "--csca", cscaFile, "--json"], cancellationToken);
            Assert.True(verify.ExitCode == 0, $"credctl verify: exit {verify.ExitCode}: {verify.Output}{verify.Error}");
            using (var json = JsonDocument.Parse(verify.Output))
            {
                var verdict = json.RootElement.GetProperty("verdict").GetString();
                Assert.True(verdict is "VALID" or "VALID_WITH_WARNINGS", $"verdict {verdict}: {verify.Output}");
            }

            var retry = await CredctlProcess.RunAsync(Sign(second), cancellationToken);
            Assert.True(retry.ExitCode == 0, $"credctl sign sod retry: exit {retry.ExitCode}: {retry.Output}{retry.Error}");
            Assert.Contains("replayed", retry.Output, StringComparison.Ordinal);
            Assert.Equal(sod, await File.ReadAllBytesAsync(second, cancellationToken));
            Assert.Equal(1, await DocumentSignerClientFixture.CountEventsAsync(issuance.CredentialId));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task SignSod_SameRequestIdOtherDataGroups_ExitOneWithRequestIdConflict()
    {
        using var client = new DocumentSignerClientFixture(suite);
        var cancellationToken = TestContext.Current.CancellationToken;
        var csca = await client.CreateCscaAsync(CscaClientFixture.NewCscaId("ds-cli-conflict"));
        var documentType = await client.NewUncoveredDocumentTypeAsync();
        await client.CreateSignerKeyAsync(csca.CscaId, documentType);
        var directory = Directory.CreateTempSubdirectory("credctl-sign-");
        try
        {
            var output = Path.Combine(directory.FullName, "sod.bin");
            var requestId = DocumentSignerClientFixture.NewId();
            List<string> Sign(string dg2Hash) =>
            [
                "sign", "sod", "--request-id", requestId, "--doc-type", documentType,
                "--dg-hash", $"1={new string('a', 64)}", "--dg-hash", $"2={dg2Hash}", "--out", output, .. TlsArguments(),
            ];

            var first = await CredctlProcess.RunAsync(Sign(new string('b', 64)), cancellationToken);
            Assert.True(first.ExitCode == 0, $"exit {first.ExitCode}: {first.Output}{first.Error}");
            var conflict = await CredctlProcess.RunAsync(Sign(new string('c', 64)), cancellationToken);
            Assert.True(conflict.ExitCode == 1, $"exit {conflict.ExitCode}: {conflict.Output}{conflict.Error}");
            Assert.Contains("REQUEST_ID_CONFLICT", conflict.Error, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private string[] TlsArguments() =>
    [
        "--server", suite.EndpointOf("document-signer"),
        "--ca", Path.Combine(suite.TlsDirectory, "ca.crt"),
        "--cert", Path.Combine(suite.TlsDirectory, "admin.crt"),
        "--key", Path.Combine(suite.TlsDirectory, "admin.key"),
    ];
}
