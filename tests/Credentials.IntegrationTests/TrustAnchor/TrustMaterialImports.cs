using System.Security.Cryptography;
using System.Text;
using Credentials.Contracts.TrustAnchor.V1;
using Google.Protobuf;

namespace Credentials.IntegrationTests.TrustAnchor;

/// <summary>
/// The trust material the trust-anchor tests import, with fixed request ids: a test that imports what another already
/// imported replays the request and gets the recorded answer.
/// </summary>
internal static class TrustMaterialImports
{
    /// <summary>The real Master Lists under <c>master-lists/</c> of the trust vectors.</summary>
    public static readonly IReadOnlyList<string> MasterListFiles = ["DE_ML_2025-08-14-07-41-09.ml", "NL_ML_2025-07-29.ml"];

    public static DateTime Deadline(int seconds) => DateTime.UtcNow.AddSeconds(seconds);

    /// <summary>The import request of one real Master List, explicitly trusted.</summary>
    public static async Task<ImportTrustMaterialRequest> MasterListRequestAsync(string file, CancellationToken ct) => new()
    {
        RequestId = "it-ml-" + file,
        Kind = TrustMaterialKind.MasterList,
        Content = ByteString.CopyFrom(await File.ReadAllBytesAsync(Path.Combine(TrustVectors.Root(), "master-lists", file), ct)),
        Source = "integration test " + file,
        ExplicitlyTrusted = true,
    };

    /// <summary>
    /// Imports the CSCA.cer of every real-country set as one PEM bundle (one store version, one anchor rebuild); the
    /// theory's other cases replay the same request_id and get the recorded answer.
    /// </summary>
    public static async Task ImportAllCscasAsync(TrustAnchorService.TrustAnchorServiceClient client, CancellationToken ct)
    {
        var pem = new StringBuilder();
        foreach (var set in TrustVectors.WithCsca)
        {
            var der = await File.ReadAllBytesAsync(Path.Combine(TrustVectors.Set(set), "CSCA.cer"), ct);
            pem.Append(PemEncoding.Write("CERTIFICATE", der)).Append('\n');
        }

        await ImportCscaAsync(client, Encoding.ASCII.GetBytes(pem.ToString()), "CSCA.cer of the real-country sets", ct);
    }

    public static async Task ImportCscaAsync(TrustAnchorService.TrustAnchorServiceClient client, byte[] csca, string label, CancellationToken ct)
    {
        var response = await client.ImportTrustMaterialAsync(new ImportTrustMaterialRequest
        {
            RequestId = "it-csca-" + Convert.ToHexStringLower(SHA256.HashData(csca)),
            Kind = TrustMaterialKind.CscaCertificate,
            Content = ByteString.CopyFrom(csca),
            Source = "integration test " + label,
            ExplicitlyTrusted = true,
        }, deadline: Deadline(600), cancellationToken: ct);
        Assert.Equal(0, response.RejectedCount);
    }
}
