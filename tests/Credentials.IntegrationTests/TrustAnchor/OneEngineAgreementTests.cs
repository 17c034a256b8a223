using System.Globalization;
using System.Text;
using System.Text.Json;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.IntegrationTests.Services;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Credentials.IntegrationTests.TrustAnchor;

/// <summary>
/// Issue 14 item 4, one engine: for every SOD set of the corpus, <c>credctl verify</c> offline, <c>credctl verify
/// --server</c> and VerifyDocument return the same verdict and the same check list. The trust material is the same on
/// both sides: the store gets the corpus CSCAs, the two real Master Lists and every corpus CRL (Master Lists replayed by the
/// request id other trust-anchor tests use); offline credctl gets the same certificates and CRLs as files. The server paths
/// agree to the detail text; offline agrees by name, status and reason (the detail names the anchor certificate, and
/// the store may hold a second certificate of the same key).
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class OneEngineAgreementTests(SuiteFixture suite)
{
    public static IEnumerable<ITheoryDataRow> AllSets() => IcaoVectors.Rows(new TheoryData<string>(TrustVectors.WithCsca.Concat(TrustVectors.WithoutCsca)));

    [Theory]
    [MemberData(nameof(AllSets))]
    public async Task Verify_EverySodSet_OfflineServerCliAndVerifyDocumentAgree(string set)
    {
        var ct = TestContext.Current.CancellationToken;
        using var trustAnchor = await TrustAnchorConnection.OpenAsync(suite, "admin", ct);
        await TrustMaterialImports.ImportAllCscasAsync(trustAnchor.Client, ct);
        var bundle = Path.Combine(Path.GetTempPath(), $"it-one-engine-{Guid.NewGuid():N}.pem");
        var pem = new StringBuilder();
        foreach (var withCsca in TrustVectors.WithCsca)
        {
            var der = await File.ReadAllBytesAsync(Path.Combine(TrustVectors.Set(withCsca), "CSCA.cer"), ct);
            pem.Append(System.Security.Cryptography.PemEncoding.Write("CERTIFICATE", der)).Append('\n');
        }

        foreach (var file in TrustMaterialImports.MasterListFiles)
        {
            var request = await TrustMaterialImports.MasterListRequestAsync(file, ct);
            await trustAnchor.Client.ImportTrustMaterialAsync(request, deadline: TrustMaterialImports.Deadline(600), cancellationToken: ct);
            var cms = Credentials.Icao9303.Cms.CmsSignedData.Decode(request.Content.Memory);
            foreach (var certificate in Credentials.Icao9303.Pkd.CscaMasterList.Decode(cms.EContent!.Value).Certificates)
            {
                pem.Append(System.Security.Cryptography.PemEncoding.Write("CERTIFICATE", certificate.Encoded.Span)).Append('\n');
            }
        }

        // Every CRL of the corpus, to the store (replays are answered from the record; a CRL whose issuer the store does
        // not hold is refused there and cannot apply offline either) and to offline credctl.
        var crlPaths = Directory.GetFiles(Path.Combine(TrustVectors.Root(), "crl"), "*.crl", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        foreach (var crlPath in crlPaths)
        {
            var crl = await File.ReadAllBytesAsync(crlPath, ct);
            try
            {
                await trustAnchor.Client.ImportTrustMaterialAsync(new ImportTrustMaterialRequest
                {
                    RequestId = "it-one-engine-crl-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(crl))[..16],
                    Kind = TrustMaterialKind.Crl,
                    Content = ByteString.CopyFrom(crl),
                    Source = "integration test corpus CRL",
                }, deadline: TrustMaterialImports.Deadline(600), cancellationToken: ct);
            }
            catch (global::Grpc.Core.RpcException ex) when (ex.StatusCode is global::Grpc.Core.StatusCode.FailedPrecondition or global::Grpc.Core.StatusCode.InvalidArgument)
            {
                // Refused by the store (issuer unknown): offline the engine cannot verify it either.
            }
        }

        await File.WriteAllTextAsync(bundle, pem.ToString(), ct);
        try
        {
            var document = await VerifyDocumentAsync(trustAnchor.Client, set, ct);
            var server = await CredctlAsync(set, ["--server", suite.EndpointOf("trust-anchor"),
                "--ca", Path.Combine(suite.TlsDirectory, "ca.crt"),
                "--cert", Path.Combine(suite.TlsDirectory, "relying-party.crt"),
                "--key", Path.Combine(suite.TlsDirectory, "relying-party.key")], ct);
            var offline = await CredctlAsync(set, ["--csca", bundle, .. crlPaths.SelectMany(p => new[] { "--crl", p })], ct);

            var fromDocument = document.Checks.Select(c => (c.Name, Status: c.Status.ToString().ToUpperInvariant(), Reason: Normalize(c.Status.ToString(), c.Reason), c.Detail)).ToList();
            Assert.Equal(VerdictName(document.Verdict), server.Verdict);
            Assert.Equal(server.Verdict, offline.Verdict);
            Assert.Equal(fromDocument, server.Checks);
            Assert.Equal(fromDocument.Select(c => (c.Name, c.Status, c.Reason)), offline.Checks.Select(c => (c.Name, c.Status, c.Reason)));
        }
        finally
        {
            File.Delete(bundle);
        }
    }

    private static string VerdictName(Verdict verdict) => verdict switch
    {
        Verdict.Valid => "VALID",
        Verdict.ValidWithWarnings => "VALID_WITH_WARNINGS",
        Verdict.Invalid => "INVALID",
        Verdict.Indeterminate => "INDETERMINATE",
        _ => "UNSPECIFIED",
    };

    /// <summary>Reasons compared as the contract writes them (UPPER_SNAKE_CASE), none for a plain pass.</summary>
    private static string Normalize(string status, string reason) =>
        string.Equals(status, "pass", StringComparison.OrdinalIgnoreCase) ? string.Empty : reason.Replace('.', '_').Replace('-', '_').ToUpperInvariant();

    private static async Task<VerifyDocumentResponse> VerifyDocumentAsync(TrustAnchorService.TrustAnchorServiceClient client, string set, CancellationToken ct)
    {
        var request = new VerifyDocumentRequest
        {
            SecurityObject = ByteString.CopyFrom(await File.ReadAllBytesAsync(Path.Combine(TrustVectors.Set(set), "EF.SOD.bin"), ct)),
            ValidationTime = Timestamp.FromDateTimeOffset(TrustVectors.InsideDscValidity(set)),
        };
        foreach (var (number, content) in TrustVectors.ListedDataGroups(set))
        {
            request.DataGroups.Add(new DataGroupContent { Number = number, Content = ByteString.CopyFrom(content) });
        }

        return await client.VerifyDocumentAsync(request, deadline: TrustMaterialImports.Deadline(30), cancellationToken: ct);
    }

    private static async Task<(string Verdict, List<(string Name, string Status, string Reason, string Detail)> Checks)> CredctlAsync(
        string set, IEnumerable<string> trust, CancellationToken ct)
    {
        var arguments = new List<string>
        {
            "verify",
            "--sod", Path.Combine(TrustVectors.Set(set), "EF.SOD.bin"),
            "--at", TrustVectors.InsideDscValidity(set).ToString("O", CultureInfo.InvariantCulture),
            "--json",
        };
        foreach (var number in TrustVectors.ListedDataGroups(set).Keys)
        {
            arguments.Add("--dg");
            arguments.Add(string.Create(CultureInfo.InvariantCulture, $"{number}={Path.Combine(TrustVectors.Set(set), $"EF.DG{number}.bin")}"));
        }

        arguments.AddRange(trust);
        var (exit, output, error) = await CredctlProcess.RunAsync(arguments, ct);
        Assert.True(exit is 0 or 1, $"{set}: exit {exit}: {output}{error}");
        using var json = JsonDocument.Parse(output);
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().Select(c =>
        {
            var status = c.GetProperty("status").GetString()!;
            return (c.GetProperty("name").GetString()!, status.ToUpperInvariant(), Normalize(status, c.GetProperty("reason").GetString() ?? string.Empty),
                c.TryGetProperty("detail", out var detail) ? detail.GetString() ?? string.Empty : string.Empty);
        }).ToList();
        return (json.RootElement.GetProperty("verdict").GetString()!, checks);
    }
}
