using Credentials.Icao9303.Vds;
using Credentials.IntegrationTests.Services;

namespace Credentials.IntegrationTests.DocumentSigner;

/// <summary>
/// Issue 19, CLI: <c>credctl seal issue</c> against the suite's document-signer writes the seal, its PNG and the signer
/// certificate; <c>credctl seal verify --server</c> (trust-anchor) reads the PNG and says VALID (exit 0); a retry with
/// the same request id writes identical bytes.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class SealIssueCommandTests(SuiteFixture suite)
{
    private const string MrvA72 = "VCUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C<3UTO6908061F9406236";

    [Fact]
    public async Task SealIssue_VisaThenVerifyPngAtTrustAnchor_ValidAndRetryIdentical()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new DocumentSignerClientFixture(suite);
        var (key, documentType, cscaId) = await SealIssuanceTests.CreateSealKeyAsync(client, "seal-cli");
        await SealIssuanceTests.PublishCrlAsync(client, cscaId);
        var directory = Directory.CreateTempSubdirectory("credctl-seal-");
        try
        {
            var requestId = DocumentSignerClientFixture.NewId();
            string File(string name) => Path.Combine(directory.FullName, name);
            List<string> Issue(string output) =>
            [
                "seal", "issue", "--request-id", requestId, "--doc-type", documentType, "--profile", "visa", "--country", "UTO",
                "--feature", $"01=text:{MrvA72}", "--feature", "04=hex:1E0000", "--feature", "05=text:L898902C<",
                "--out", output, "--png", File("seal.png"), "--signer-out", File("signer.der"), .. Tls("document-signer"),
            ];

            var issued = await CredctlProcess.RunAsync(Issue(File("seal-1.bin")), ct);
            Assert.True(issued.ExitCode == 0, $"credctl seal issue: exit {issued.ExitCode}: {issued.Output}{issued.Error}");
            var seal = VisibleDigitalSeal.Decode(await System.IO.File.ReadAllBytesAsync(File("seal-1.bin"), ct));
            Assert.Equal(MrvA72, seal.Find(0x01)!.ValueAsC40());
            Assert.Equal(key.Certificate.Der.ToByteArray(), await System.IO.File.ReadAllBytesAsync(File("signer.der"), ct));

            // trust-anchor learns of the new CSCA and its CRL from csca's events: retried until VALID, for at most 2 min.
            var deadline = DateTime.UtcNow.AddMinutes(2);
            (int ExitCode, string Output, string Error) verify;
            do
            {
                verify = await CredctlProcess.RunAsync(["seal", "verify", "--seal", File("seal.png"), "--signer", File("signer.der"), "--json", .. Tls("trust-anchor")], ct);
                if (verify.ExitCode == 0 && Verdict(verify.Output) == "VALID")
                {
                    break;
                }

                await Task.Delay(500, ct);
            }
            while (DateTime.UtcNow < deadline);

            Assert.True(verify.ExitCode == 0, $"credctl seal verify: exit {verify.ExitCode}: {verify.Output}{verify.Error}");
            Assert.Equal("VALID", Verdict(verify.Output));

            var retry = await CredctlProcess.RunAsync(Issue(File("seal-2.bin")), ct);
            Assert.True(retry.ExitCode == 0, $"retry: exit {retry.ExitCode}: {retry.Output}{retry.Error}");
            Assert.Contains("replayed", retry.Output, StringComparison.Ordinal);
            Assert.Equal(await System.IO.File.ReadAllBytesAsync(File("seal-1.bin"), ct), await System.IO.File.ReadAllBytesAsync(File("seal-2.bin"), ct));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task SealIssue_FormatIdbThenVerifyPngAtTrustAnchor_Valid()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new DocumentSignerClientFixture(suite);
        var (key, documentType, cscaId) = await SealIssuanceTests.CreateSealKeyAsync(client, "seal-cli-idb");
        await SealIssuanceTests.PublishCrlAsync(client, cscaId);
        var directory = Directory.CreateTempSubdirectory("credctl-idb-");
        try
        {
            string File(string name) => Path.Combine(directory.FullName, name);
            var issued = await CredctlProcess.RunAsync(
            [
                "seal", "issue", "--format", "idb", "--doc-type", documentType, "--country", "UTO", "--embed-signer", "--compress",
                "--feature", "09=text:123456", "--out", File("seal.txt"), "--png", File("seal.png"), .. Tls("document-signer"),
            ], ct);
            Assert.True(issued.ExitCode == 0, $"credctl seal issue --format idb: exit {issued.ExitCode}: {issued.Output}{issued.Error}");
            var seal = Credentials.Icao9303.Vds.Idb.IdbBarcode.Decode(await System.IO.File.ReadAllBytesAsync(File("seal.txt"), ct));
            Assert.True(seal.IsSigned && seal.IsCompressed);
            Assert.Equal("123456", seal.Find(0x09)!.ValueAsC40());
            Assert.Equal(key.Certificate.Der.ToByteArray(), seal.SignerCertificate.ToArray());

            var deadline = DateTime.UtcNow.AddMinutes(2);
            (int ExitCode, string Output, string Error) verify;
            do
            {
                verify = await CredctlProcess.RunAsync(["seal", "verify", "--seal", File("seal.png"), "--json", .. Tls("trust-anchor")], ct);
                if (verify.ExitCode == 0 && Verdict(verify.Output) == "VALID")
                {
                    break;
                }

                await Task.Delay(500, ct);
            }
            while (DateTime.UtcNow < deadline);

            Assert.True(verify.ExitCode == 0, $"credctl seal verify: exit {verify.ExitCode}: {verify.Output}{verify.Error}");
            Assert.Equal("VALID", Verdict(verify.Output));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string? Verdict(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.GetProperty("verdict").GetString();
    }

    private string[] Tls(string service) =>
    [
        "--server", suite.EndpointOf(service),
        "--ca", Path.Combine(suite.TlsDirectory, "ca.crt"),
        "--cert", Path.Combine(suite.TlsDirectory, "admin.crt"),
        "--key", Path.Combine(suite.TlsDirectory, "admin.key"),
    ];
}
