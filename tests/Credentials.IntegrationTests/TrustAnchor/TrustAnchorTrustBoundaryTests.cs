using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Events.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.IntegrationTests.Ledger;
using Credentials.IntegrationTests.Services;
using Credentials.Outbox;
using Google.Protobuf;
using Grpc.Core;
using Npgsql;

namespace Credentials.IntegrationTests.TrustAnchor;

/// <summary>
/// Issue 15 items 1 and 2 against the real stack: a certificate that a PKD source stops listing is kept (unlisted) and
/// old documents still verify, with a warning; only an explicit admin removal takes an anchor out of verification;
/// certificates arriving by event are verified like ImportTrustMaterial, and an event on a topic that does not own its
/// type changes nothing.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class TrustAnchorTrustBoundaryTests(SuiteFixture suite)
{
    private static readonly TimeSpan PollLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TrustUpdated_CscaDroppedFromSourceList_OldDocumentStillVerifiesWithUnlistedWarning()
    {
        var ct = TestContext.Current.CancellationToken;
        using var relying = await TrustAnchorConnection.OpenAsync(suite, "admin", ct);
        using var events = new LedgerTestClient(suite);
        var run = Guid.NewGuid().ToString("N")[..12];
        using var issuer = new TestIssuer($"Unlisted {run}");
        var source = "it-unlist-" + run;

        await events.PublishAsync(LedgerTestClient.Envelope("trust.updated", source, new TrustUpdated
        {
            SourceId = source,
            AddedCertificates = { new Certificate { Der = ByteString.CopyFrom(issuer.Csca.RawData), Kind = CertificateKind.Csca } },
        }));
        var request = TestPassport.Request(issuer.DsKey, issuer.Dsc.RawData, DateTimeOffset.UtcNow);
        var listed = await PollAsync(relying.Client, request, r => r.Checks.Any(c => c.Name == "chain.csca" && c.Status == CheckStatus.Pass), ct);
        Assert.DoesNotContain(listed.Checks, c => c.Name == "trust.anchor-listed");

        await events.PublishAsync(LedgerTestClient.Envelope("trust.updated", source, new TrustUpdated { SourceId = source, RemovedCertificateFingerprints = { issuer.CscaFingerprint } }));
        var unlisted = await PollAsync(relying.Client, request, r => r.Checks.Any(c => c.Name == "trust.anchor-listed"), ct);

        Assert.Equal(CheckStatus.Pass, unlisted.Checks.Single(c => c.Name == "chain.csca").Status);
        Assert.Equal(CheckStatus.Pass, unlisted.Checks.Single(c => c.Name == "sod.signature").Status);
        var warning = unlisted.Checks.Single(c => c.Name == "trust.anchor-listed");
        Assert.Equal(CheckStatus.Warn, warning.Status);
        Assert.Equal(Verdict.ValidWithWarnings, unlisted.Verdict);
        var anchor = Assert.Single((await relying.Client.ListTrustAnchorsAsync(new ListTrustAnchorsRequest { FingerprintSha256 = issuer.CscaFingerprint }, deadline: Deadline(30), cancellationToken: ct)).TrustAnchors);
        Assert.NotNull(anchor.UnlistedAt);
        Assert.Equal("pkd:" + source, anchor.Source);
    }

    [Fact]
    public async Task TrustUpdated_OtherSourceDropsImportedCsca_StaysListed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await TrustAnchorConnection.OpenAsync(suite, "admin", ct);
        using var events = new LedgerTestClient(suite);
        var run = Guid.NewGuid().ToString("N")[..12];
        using var issuer = new TestIssuer($"Provenance {run}");
        await ImportAsync(admin.Client, issuer, run, ct);

        // A pkd source cannot unlist what an admin imported; then a marker on the same key shows the event was handled.
        var source = "it-provenance-" + run;
        await events.PublishAsync(LedgerTestClient.Envelope("trust.updated", source, new TrustUpdated { SourceId = source, RemovedCertificateFingerprints = { issuer.CscaFingerprint } }));
        using var marker = new TestIssuer($"Provenance marker {run}");
        await events.PublishAsync(LedgerTestClient.Envelope("trust.updated", source, new TrustUpdated
        {
            SourceId = source,
            AddedCertificates = { new Certificate { Der = ByteString.CopyFrom(marker.Csca.RawData) } },
        }));
        await PollAsync(admin.Client, TestPassport.Request(marker.DsKey, marker.Dsc.RawData, DateTimeOffset.UtcNow), r => r.Checks.Any(c => c.Name == "chain.csca" && c.Status == CheckStatus.Pass), ct);

        var anchor = Assert.Single((await admin.Client.ListTrustAnchorsAsync(new ListTrustAnchorsRequest { FingerprintSha256 = issuer.CscaFingerprint }, deadline: Deadline(30), cancellationToken: ct)).TrustAnchors);
        Assert.Null(anchor.UnlistedAt);
    }

    [Fact]
    public async Task RemoveTrustAnchor_ByAdmin_DocumentUnderItIndeterminate()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await TrustAnchorConnection.OpenAsync(suite, "admin", ct);
        var run = Guid.NewGuid().ToString("N")[..12];
        using var issuer = new TestIssuer($"Removed {run}");
        await ImportAsync(admin.Client, issuer, run, ct);
        var request = TestPassport.Request(issuer.DsKey, issuer.Dsc.RawData, DateTimeOffset.UtcNow);
        var before = await admin.Client.VerifyDocumentAsync(request, deadline: Deadline(30), cancellationToken: ct);
        Assert.Equal(CheckStatus.Pass, before.Checks.Single(c => c.Name == "chain.csca").Status);

        var removal = new RemoveTrustAnchorRequest { RequestId = "it-remove-" + run, FingerprintSha256 = issuer.CscaFingerprint, Reason = "integration test" };
        var removed = await admin.Client.RemoveTrustAnchorAsync(removal, deadline: Deadline(30), cancellationToken: ct);
        var again = await admin.Client.RemoveTrustAnchorAsync(removal, deadline: Deadline(30), cancellationToken: ct);
        var after = await admin.Client.VerifyDocumentAsync(request, deadline: Deadline(30), cancellationToken: ct);

        Assert.True(removed.Removed);
        Assert.False(again.Removed);
        Assert.Equal(Verdict.Indeterminate, after.Verdict);
        Assert.Empty((await admin.Client.ListTrustAnchorsAsync(new ListTrustAnchorsRequest { FingerprintSha256 = issuer.CscaFingerprint }, deadline: Deadline(30), cancellationToken: ct)).TrustAnchors);
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await admin.Client.RemoveTrustAnchorAsync(
            new RemoveTrustAnchorRequest { RequestId = "it-remove-unknown-" + run, FingerprintSha256 = new string('a', 64), Reason = "integration test" }, deadline: Deadline(30), cancellationToken: ct));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task TrustEvents_CertificatesFailingVerificationOrForeignTopic_NeverReachSnapshot()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await TrustAnchorConnection.OpenAsync(suite, "admin", ct);
        using var events = new LedgerTestClient(suite);
        var run = Guid.NewGuid().ToString("N")[..12];
        using var genuine = new TestIssuer($"Genuine {run}");
        await ImportAsync(admin.Client, genuine, run, ct);
        // A forger holds a key of their own and reuses the genuine CSCA's name: a "link" certificate and a DSC that
        // claim to come from it, delivered by pkd's topic, and a "CSCA" announced as csca's certificate.issued on
        // pkd's topic (not the owner of that event type).
        using var forger = new TestIssuer($"Genuine {run}");
        using var forgedLink = forger.IssueLink(genuine.Csca.SubjectName);
        using var stray = new TestIssuer($"Stray {run}");
        var source = "it-forged-" + run;
        await events.PublishAsync(LedgerTestClient.Envelope("trust.updated", source, new TrustUpdated
        {
            SourceId = source,
            AddedCertificates =
            {
                new Certificate { Der = ByteString.CopyFrom(forgedLink.RawData), Kind = CertificateKind.Link },
                new Certificate { Der = ByteString.CopyFrom(forger.Dsc.RawData), Kind = CertificateKind.DocumentSigner },
                // An end-entity certificate the sender calls a CSCA.
                new Certificate { Der = ByteString.CopyFrom(stray.Dsc.RawData), Kind = CertificateKind.Csca },
            },
        }));
        await events.PublishAsync(LedgerTestClient.Envelope("certificate.issued", source, new CertificateIssued
        {
            Certificate = new Certificate { Der = ByteString.CopyFrom(stray.Csca.RawData), Kind = CertificateKind.Csca },
        }), EventTopics.Pkd);
        // Marker: a genuine new CSCA on the same topic and key, so the events above were handled once it is usable.
        using var marker = new TestIssuer($"Forged marker {run}");
        await events.PublishAsync(LedgerTestClient.Envelope("trust.updated", source, new TrustUpdated
        {
            SourceId = source,
            AddedCertificates = { new Certificate { Der = ByteString.CopyFrom(marker.Csca.RawData) } },
        }));
        await PollAsync(admin.Client, TestPassport.Request(marker.DsKey, marker.Dsc.RawData, DateTimeOffset.UtcNow), r => r.Checks.Any(c => c.Name == "chain.csca" && c.Status == CheckStatus.Pass), ct);

        foreach (var fingerprint in new[] { Fingerprint(forgedLink), Fingerprint(stray.Dsc), stray.CscaFingerprint })
        {
            Assert.Empty((await admin.Client.ListTrustAnchorsAsync(new ListTrustAnchorsRequest { FingerprintSha256 = fingerprint }, deadline: Deadline(30), cancellationToken: ct)).TrustAnchors);
        }

        var forgedDocument = await admin.Client.VerifyDocumentAsync(TestPassport.Request(forger.DsKey, forger.Dsc.RawData, DateTimeOffset.UtcNow), deadline: Deadline(30), cancellationToken: ct);
        var strayDocument = await admin.Client.VerifyDocumentAsync(TestPassport.Request(stray.DsKey, stray.Dsc.RawData, DateTimeOffset.UtcNow), deadline: Deadline(30), cancellationToken: ct);
        Assert.NotEqual(CheckStatus.Pass, forgedDocument.Checks.Single(c => c.Name == "chain.csca").Status);
        Assert.DoesNotContain(forgedDocument.Verdict, new[] { Verdict.Valid, Verdict.ValidWithWarnings });
        Assert.DoesNotContain(strayDocument.Verdict, new[] { Verdict.Valid, Verdict.ValidWithWarnings });
    }

    [Fact]
    public async Task TrustEvents_CscaThenDscsBackToBack_DscVerifiesUnderTheNewCscaButForgedDscDoesNot()
    {
        var ct = TestContext.Current.CancellationToken;
        using var events = new LedgerTestClient(suite);
        var run = Guid.NewGuid().ToString("N")[..12];
        var source = "it-batch-" + run;
        // Published back to back on one key, the two events are applied as one batch of what has arrived: the CSCA that
        // the first accepts is not in the snapshot yet when the second is verified. Its own DSC must verify under it; a
        // DSC a forger signed with another key under the same issuer name must not.
        using var issuer = new TestIssuer($"Batch {run}");
        using var forger = new TestIssuer($"Batch {run}");
        await events.PublishAsync(LedgerTestClient.Envelope("trust.updated", source, new TrustUpdated
        {
            SourceId = source,
            AddedCertificates = { new Certificate { Der = ByteString.CopyFrom(issuer.Csca.RawData) } },
        }));
        await events.PublishAsync(LedgerTestClient.Envelope("trust.updated", source, new TrustUpdated
        {
            SourceId = source,
            AddedCertificates =
            {
                new Certificate { Der = ByteString.CopyFrom(forger.Dsc.RawData) },
                new Certificate { Der = ByteString.CopyFrom(issuer.Dsc.RawData) },
            },
        }));

        await using var connection = new NpgsqlConnection(LedgerTestClient.OwnerConnectionString);
        await connection.OpenAsync(ct);
        async Task<string?> StoredKindAsync(X509Certificate2 certificate)
        {
            await using var command = new NpgsqlCommand("SELECT kind FROM trust_anchor.certificates WHERE fingerprint = @fp", connection);
            command.Parameters.AddWithValue("fp", Fingerprint(certificate));
            return (string?)await command.ExecuteScalarAsync(ct);
        }

        var clock = Stopwatch.StartNew();
        while (await StoredKindAsync(issuer.Dsc) is null)
        {
            Assert.True(clock.Elapsed < PollLimit, "the genuine DSC was not stored");
            await Task.Delay(100, ct);
        }

        Assert.Equal("DOCUMENT_SIGNER", await StoredKindAsync(issuer.Dsc));
        Assert.Equal("CSCA", await StoredKindAsync(issuer.Csca));
        Assert.Null(await StoredKindAsync(forger.Dsc));
        // Refused for the one reason it fails: no stored or pending CSCA key verifies it (event 7205 names it).
        var rejection = await RejectionLogLineAsync(Fingerprint(forger.Dsc), ct);
        Assert.Contains("\"Reason\":\"ISSUER_NOT_FOUND\"", rejection, StringComparison.Ordinal);
    }

    /// <summary>The suite trust-anchor's log line (event 7205) that rejected the certificate with <paramref name="fingerprint"/>.</summary>
    private static async Task<string> RejectionLogLineAsync(string fingerprint, CancellationToken ct)
    {
        var log = Path.Combine(Environment.GetEnvironmentVariable("CRED_RUN_DIR")!, "logs", "it-trust-anchor.log");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await using (var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var reader = new StreamReader(stream))
            {
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    if (line.Contains("\"EventId\":7205", StringComparison.Ordinal) && line.Contains(fingerprint, StringComparison.Ordinal))
                    {
                        return line;
                    }
                }
            }

            Assert.True(clock.Elapsed < PollLimit, $"no rejection of {fingerprint} in {log}");
            await Task.Delay(100, ct);
        }
    }

    private static async Task ImportAsync(TrustAnchorService.TrustAnchorServiceClient admin, TestIssuer issuer, string run, CancellationToken ct)
    {
        var imported = await admin.ImportTrustMaterialAsync(new ImportTrustMaterialRequest
        {
            RequestId = "it-boundary-" + issuer.CscaFingerprint[..16] + "-" + run,
            Kind = TrustMaterialKind.CscaCertificate,
            Content = ByteString.CopyFrom(issuer.Csca.RawData),
            Source = "integration test trust boundaries",
            ExplicitlyTrusted = true,
        }, deadline: Deadline(120), cancellationToken: ct);
        Assert.Single(imported.AddedCertificates);
    }

    private static string Fingerprint(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));

    private static DateTime Deadline(int seconds) => TrustMaterialImports.Deadline(seconds);

    private static async Task<VerifyDocumentResponse> PollAsync(
        TrustAnchorService.TrustAnchorServiceClient client, VerifyDocumentRequest request, Func<VerifyDocumentResponse, bool> done, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await client.VerifyDocumentAsync(request, deadline: Deadline(30), cancellationToken: ct);
            if (done(response))
            {
                return response;
            }

            Assert.True(clock.Elapsed < PollLimit, $"not reached within {PollLimit}: {response.Verdict} {string.Join(", ", response.Checks.Select(c => $"{c.Name}={c.Status}/{c.Reason}"))}");
            await Task.Delay(100, ct);
        }
    }
}
