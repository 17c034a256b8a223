using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Contracts.Pkd.V1;
using Credentials.Icao9303.Pkd;
using Credentials.Icao9303.Tests.Pkd;
using Credentials.IntegrationTests.Services;
using Credentials.IntegrationTests.Stack;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Minio;
using Minio.DataModel.Args;

namespace Credentials.IntegrationTests.Pkd;

/// <summary>
/// Issue 7: the pkd service's remote sources — an HTTPS URL served by a real TLS server (Kestrel, in the test process,
/// with a throw-away CA pinned by the source) and a bucket/prefix on the stack's S3 server — hold three Master Lists of
/// one State (made at test time, overlapping as a State's successive lists do) and sync to exactly the certificates
/// those lists contain. A server whose certificate chains to another CA, and a missing URL, fail the run with
/// FETCH_FAILED and store nothing. The real States' lists are synced by <see cref="PkdSyncTests"/>.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class PkdRemoteSourceTests(SuiteFixture suite)
{
    private const string HttpsList = "UT_ML_3.ml";

    [Fact]
    public async Task SyncNow_HttpsAndS3Sources_StoreTheListsCertificatesAndRefuseAnUntrustedServer()
    {
        suite.RequireStack();
        var cancellationToken = TestContext.Current.CancellationToken;
        var stack = StackEnvironment.RequireOrSkip();
        var work = Directory.CreateTempSubdirectory("pkd-remote-");
        try
        {
            using var trustedCa = TestCa("Credentials pkd test server CA");
            using var otherCa = TestCa("Some other CA");
            var trustedPath = Path.Combine(work.FullName, "trusted-ca.pem");
            var otherPath = Path.Combine(work.FullName, "other-ca.pem");
            await File.WriteAllTextAsync(trustedPath, trustedCa.ExportCertificatePem(), cancellationToken);
            await File.WriteAllTextAsync(otherPath, otherCa.ExportCertificatePem(), cancellationToken);
            using var serverCertificate = ServerCertificate(trustedCa);
            var listsDirectory = work.CreateSubdirectory("lists").FullName;
            var (stateLists, pins) = WriteMasterLists(listsDirectory);
            await using var server = await StartServerAsync(serverCertificate, listsDirectory, cancellationToken);

            var bucket = "pkd-source-" + Guid.NewGuid().ToString("N")[..12];
            await UploadAsync(stack, bucket, stateLists, cancellationToken);

            var baseUrl = $"https://127.0.0.1:{server.Port}/lists/";
            var settings = new Dictionary<string, string>
            {
                ["Pkd:Sources:0:Name"] = "https-nl",
                ["Pkd:Sources:0:Kind"] = "Https",
                ["Pkd:Sources:0:Type"] = "MasterList",
                ["Pkd:Sources:0:Location"] = baseUrl + HttpsList,
                ["Pkd:Sources:0:TrustedServerCertificates"] = trustedPath,
                ["Pkd:Sources:1:Name"] = "https-other-ca",
                ["Pkd:Sources:1:Kind"] = "Https",
                ["Pkd:Sources:1:Type"] = "MasterList",
                ["Pkd:Sources:1:Location"] = baseUrl + HttpsList,
                ["Pkd:Sources:1:TrustedServerCertificates"] = otherPath,
                ["Pkd:Sources:2:Name"] = "https-missing",
                ["Pkd:Sources:2:Kind"] = "Https",
                ["Pkd:Sources:2:Type"] = "MasterList",
                ["Pkd:Sources:2:Location"] = baseUrl + "absent.ml",
                ["Pkd:Sources:2:TrustedServerCertificates"] = trustedPath,
                ["Pkd:Sources:3:Name"] = "s3-nl",
                ["Pkd:Sources:3:Kind"] = "S3",
                ["Pkd:Sources:3:Type"] = "MasterList",
                ["Pkd:Sources:3:Location"] = bucket + "/nl",
            };
            for (var i = 0; i < pins.Count; i++)
            {
                foreach (var source in new[] { 0, 1, 2, 3 })
                {
                    settings[$"Pkd:Sources:{source}:TrustedMasterListSigners:{i}"] = pins[i];
                }
            }

            await using var pkd = await PkdInstance.StartAsync(suite, "remote", settings, cancellationToken);

            var refused = await RunAsync(pkd, "https-other-ca");
            Assert.Equal((SyncState.Failed, "FETCH_FAILED"), (refused.State, refused.ErrorReason));
            var missing = await RunAsync(pkd, "https-missing");
            Assert.Equal((SyncState.Failed, "FETCH_FAILED"), (missing.State, missing.ErrorReason));
            Assert.Contains("404", missing.ErrorDetail, StringComparison.Ordinal);
            Assert.Equal(0, await pkd.ScalarAsync<long>("SELECT count(*) FROM certificates", cancellationToken));
            Assert.Equal(0, server.Requests(HttpsList)); // the untrusted server never received the request

            var https = await RunAsync(pkd, "https-nl");
            Assert.True(https.State == SyncState.Succeeded, $"{https.ErrorReason}: {https.ErrorDetail}");
            var expectedHttps = Expected([Path.Combine(listsDirectory, HttpsList)]);
            Assert.Equal(1, https.Counts.MasterListsProcessed);
            Assert.Equal(expectedHttps.Count, https.Counts.CertificatesAdded);
            Assert.Equal(expectedHttps.Order(StringComparer.Ordinal), (await FingerprintsOfAsync(pkd, "https-nl")).Order(StringComparer.Ordinal));

            var s3 = await RunAsync(pkd, "s3-nl");
            Assert.True(s3.State == SyncState.Succeeded, $"{s3.ErrorReason}: {s3.ErrorDetail}");
            Assert.Equal(stateLists.Count, s3.Counts.MasterListsProcessed);
            var expectedS3 = Expected(stateLists);
            Assert.Equal(expectedS3.Order(StringComparer.Ordinal), (await FingerprintsOfAsync(pkd, "s3-nl")).Order(StringComparer.Ordinal));
            Assert.Equal(expectedS3.Except(expectedHttps).Count(), s3.Counts.CertificatesAdded);

            // Unchanged remote content: a second run adds nothing.
            var again = await RunAsync(pkd, "https-nl");
            Assert.Equal((SyncState.Succeeded, 0), (again.State, again.Counts.CertificatesAdded));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Three Master Lists of one test State in <paramref name="directory"/> (UT_ML_1..3.ml, each with its own Master List
    /// Signer under the State's CSCA, sharing some foreign CSCAs), and the pin of that CSCA (the signers' issuer).
    /// </summary>
    private static (List<string> Files, List<string> Pins) WriteMasterLists(string directory)
    {
        using var csca = X509CertificateLoader.LoadCertificate(TestMasterList.Csca("CN=Utopia CSCA,O=Utopia,C=UT", out var cscaKey));
        using (cscaKey)
        {
            var shared = Enumerable.Range(0, 3).Select(i =>
            {
                var der = TestMasterList.Csca($"CN=Shared CSCA {i},O=Neighbour {i},C=N{i}", out var key);
                key.Dispose();
                return der;
            }).ToList();
            var files = new List<string>();
            foreach (var (number, foreign, common) in new[] { (1, 2, 1), (2, 1, 2), (3, 2, 3) })
            {
                var path = Path.Combine(directory, $"UT_ML_{number}.ml");
                File.WriteAllBytes(path, TestMasterList.Create(csca, cscaKey, foreign, shared.Take(common).ToList()));
                files.Add(path);
            }

            return (files, [Convert.ToHexStringLower(SHA256.HashData(csca.RawData))]);
        }
    }

    private static async Task<SyncRun> RunAsync(PkdInstance pkd, string source)
    {
        var response = await pkd.Client.SyncNowAsync(
            new SyncNowRequest { RequestId = Guid.NewGuid().ToString(), SourceIds = { source }, Wait = true }, PkdInstance.Call(600));
        return response.Runs.Single();
    }

    /// <summary>The fingerprints of every inner certificate and signer of the lists, computed without the service.</summary>
    private static HashSet<string> Expected(IEnumerable<string> files)
    {
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var result = SignedListVerifier.VerifyMasterList(File.ReadAllBytes(file));
            Assert.True(result.IsValid, Path.GetFileName(file));
            expected.UnionWith(result.MasterList!.Certificates.Select(c => Convert.ToHexStringLower(SHA256.HashData(c.Encoded.Span))));
            expected.Add(Convert.ToHexStringLower(SHA256.HashData(result.SignerCertificate!.Encoded.Span)));
        }

        return expected;
    }

    private static async Task<List<string>> FingerprintsOfAsync(PkdInstance pkd, string source)
    {
        var all = new List<string>();
        var request = new ListCertificatesRequest { SourceId = source, Page = new() { PageSize = 300 } };
        while (true)
        {
            var page = await pkd.Client.ListCertificatesAsync(request, PkdInstance.Call());
            all.AddRange(page.Certificates.Select(c => c.Certificate.FingerprintSha256));
            if (string.IsNullOrEmpty(page.Page.NextPageToken))
            {
                return all;
            }

            request.Page.PageToken = page.Page.NextPageToken;
        }
    }

    private static async Task UploadAsync(StackEnvironment stack, string bucket, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        using var minio = new MinioClient();
        minio.WithEndpoint(stack.S3Endpoint).WithCredentials(stack.S3AccessKey, stack.S3SecretKey).WithRegion(stack.S3Region).WithSSL(false).Build();
        await minio.MakeBucketAsync(new MakeBucketArgs().WithBucket(bucket), cancellationToken);
        var objects = files.Select(f => ("nl/" + Path.GetFileName(f), File.ReadAllBytes(f)))
            .Append(("elsewhere/" + HttpsList, File.ReadAllBytes(files[0]))); // outside the prefix: never read
        foreach (var (name, bytes) in objects)
        {
            using var stream = new MemoryStream(bytes);
            await minio.PutObjectAsync(
                new PutObjectArgs().WithBucket(bucket).WithObject(name).WithStreamData(stream).WithObjectSize(bytes.Length), cancellationToken);
        }
    }

    private static X509Certificate2 TestCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, O=Credentials tests", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }

    private static X509Certificate2 ServerCertificate(X509Certificate2 ca)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        // Within the CA's validity (its notAfter, taken a moment earlier, is whole seconds: now + 1 h could pass it).
        using var issued = request.Create(ca, ca.NotBefore, ca.NotAfter, RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    private static async Task<FileServer> StartServerAsync(X509Certificate2 certificate, string directory, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var server = new FileServer(app);
        app.MapGet("/lists/{name}", (string name) =>
        {
            server.Count(name);
            var path = Path.Combine(directory, Path.GetFileName(name));
            return File.Exists(path) ? Results.Bytes(File.ReadAllBytes(path), "application/octet-stream") : Results.NotFound();
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Port = new Uri(address).Port;
        return server;
    }

    /// <summary>The test's HTTPS server and how often each file was asked for.</summary>
    private sealed class FileServer(WebApplication app) : IAsyncDisposable
    {
        private readonly Dictionary<string, int> _requests = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();

        public int Port { get; set; }

        public void Count(string name)
        {
            lock (_lock)
            {
                _requests[name] = _requests.GetValueOrDefault(name) + 1;
            }
        }

        public int Requests(string name)
        {
            lock (_lock)
            {
                return _requests.GetValueOrDefault(name);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
