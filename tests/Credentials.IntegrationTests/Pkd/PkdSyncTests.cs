using System.Security.Cryptography;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Events.V1;
using Credentials.Contracts.Pkd.V1;
using Credentials.Icao9303.Pkd;
using Credentials.IntegrationTests.Services;
using Grpc.Core;

namespace Credentials.IntegrationTests.Pkd;

/// <summary>
/// The pkd service over gRPC and mTLS against the real stack: a Directory source with the real DE and NL Master Lists
/// and one with the real CRLs sync into an empty store; counts match SOURCES.md (de-duplicated); a re-sync emits
/// nothing; a sync killed in the middle resumes to the same store without duplicate events; ExportLdif parses.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class PkdSyncTests(SuiteFixture suite)
{
    [Fact]
    public async Task SyncNow_RealMasterListsAndCrls_StoresDeduplicatedAndResyncEmitsNothing()
    {
        suite.RequireStack();
        var cancellationToken = TestContext.Current.CancellationToken;
        var (inner, signers) = PkdVectors.ExpectedCertificates();
        await using var pkd = await PkdInstance.StartAsync(suite, "sync", PkdVectors.Settings(), cancellationToken);

        var first = await SyncAsync(pkd, ["masterlists"]);
        Assert.Equal(6, first.Counts.MasterListsProcessed);
        Assert.Equal(0, first.Counts.ItemsRejected);
        Assert.Equal(inner.Count + signers.Count, first.Counts.CertificatesAdded);
        var crlRun = await SyncAsync(pkd, ["crls"]);
        Assert.True(crlRun.Counts.CrlsAdded == 10, $"crls_added {crlRun.Counts.CrlsAdded}");

        var stored = await ListAllAsync(pkd, new ListCertificatesRequest());
        Assert.Equal(inner.Order(), stored.Where(c => c.Certificate.Kind is CertificateKind.Csca or CertificateKind.Link).Select(c => c.Certificate.FingerprintSha256).Order());
        Assert.Equal(signers.Order(), stored.Where(c => c.Certificate.Kind == CertificateKind.MasterListSigner).Select(c => c.Certificate.FingerprintSha256).Order());
        Assert.All(stored, c => Assert.True(c.Verified));
        Assert.All(stored, c => Assert.Equal(["masterlists"], c.SourceIds));
        Assert.Contains(stored, c => c.Certificate.Kind == CertificateKind.Link);
        Assert.Contains(stored, c => c.LintFindings.Count > 0);
        var de = await ListAllAsync(pkd, new ListCertificatesRequest { Countries = { "DE" }, Kinds = { CertificateKind.Csca } });
        Assert.NotEmpty(de);
        Assert.All(de, c => Assert.Equal("DE", c.Certificate.Country));

        var deCrl = await pkd.Client.GetCrlAsync(new GetCrlRequest { Country = "DE" }, PkdInstance.Call());
        Assert.Equal("DE", Assert.Single(deCrl.Crls).Country);
        var verifiedCrls = await pkd.ScalarAsync<long>("SELECT count(*) FROM crls WHERE verified", cancellationToken);
        Assert.True(verifiedCrls > 0);

        var events = await ReadTrustUpdatedAsync(pkd, cancellationToken);
        var added = events.SelectMany(e => e.AddedCertificates).Select(c => c.FingerprintSha256).ToList();
        Assert.Equal(added.Count, added.Distinct().Count());
        Assert.Equal(inner.Count + signers.Count, added.Count);
        Assert.Equal(verifiedCrls, events.SelectMany(e => e.UpdatedCrls).Count());
        var outboxBefore = await pkd.ScalarAsync<long>("SELECT count(*) FROM outbox_messages", cancellationToken);
        var changesBefore = await pkd.ScalarAsync<long>("SELECT max(sequence) FROM changes", cancellationToken);

        var again = await pkd.Client.SyncNowAsync(new SyncNowRequest { RequestId = Guid.NewGuid().ToString(), Wait = true }, PkdInstance.Call(300));
        Assert.All(again.Runs, r => Assert.Equal(SyncState.Succeeded, r.State));
        Assert.All(again.Runs, r => Assert.Equal(0, r.Counts.CertificatesAdded + r.Counts.CertificatesRemoved + r.Counts.CrlsAdded));
        // Unchanged counts every list's certificates (541 + 571 + 588 + 306 + 394 + 411, plus one signer per list).
        Assert.Equal(PkdVectors.SourcesMdCounts.Values.Sum() + 6, again.Runs.Single(r => r.SourceId == "masterlists").Counts.CertificatesUnchanged);
        Assert.Equal(outboxBefore, await pkd.ScalarAsync<long>("SELECT count(*) FROM outbox_messages", cancellationToken));
        Assert.Equal(changesBefore, await pkd.ScalarAsync<long>("SELECT max(sequence) FROM changes", cancellationToken));

        // Idempotent on request_id: the same runs come back.
        var requestId = Guid.NewGuid().ToString();
        var once = await pkd.Client.SyncNowAsync(new SyncNowRequest { RequestId = requestId, SourceIds = { "crls" }, Wait = true }, PkdInstance.Call(120));
        var twice = await pkd.Client.SyncNowAsync(new SyncNowRequest { RequestId = requestId, SourceIds = { "crls" }, Wait = true }, PkdInstance.Call(120));
        Assert.Equal(once.Runs.Single().RunId, twice.Runs.Single().RunId);
        var conflict = await Assert.ThrowsAsync<RpcException>(() => pkd.Client.SyncNowAsync(new SyncNowRequest { RequestId = requestId, SourceIds = { "masterlists" } }, PkdInstance.Call()).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);

        var status = await pkd.Client.GetSyncStatusAsync(new GetSyncStatusRequest(), PkdInstance.Call());
        Assert.All(status.Sources, s => Assert.Equal(SyncState.Succeeded, s.LastSuccessfulRun.State));
        var sources = await pkd.Client.ListSourcesAsync(new ListSourcesRequest(), PkdInstance.Call());
        Assert.Equal(["crls", "masterlists"], sources.Sources.Select(s => s.SourceId));
        Assert.Equal(PkdVectors.SignerIssuerPins().Count, sources.Sources.Single(s => s.SourceId == "masterlists").PinnedFingerprints.Count);

        var unknown = await Assert.ThrowsAsync<RpcException>(() => pkd.Client.SyncNowAsync(new SyncNowRequest { RequestId = Guid.NewGuid().ToString(), SourceIds = { "nope" } }, PkdInstance.Call()).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        var invalid = await Assert.ThrowsAsync<RpcException>(() => pkd.Client.GetCrlAsync(new GetCrlRequest(), PkdInstance.Call()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);

        await AssertWatchReplaysAsync(pkd, changesBefore);
        await AssertExportParsesAsync(pkd, stored.Count(c => c.Certificate.Kind is CertificateKind.Csca or CertificateKind.Link), verifiedCrls);
    }

    [Fact]
    public async Task SyncNow_KilledMidSync_RestartResumesToSameStoreWithoutDuplicateEvents()
    {
        suite.RequireStack();
        var cancellationToken = TestContext.Current.CancellationToken;
        var (inner, signers) = PkdVectors.ExpectedCertificates();
        await using var pkd = await PkdInstance.StartAsync(suite, "kill", PkdVectors.Settings(), cancellationToken);

        var started = await pkd.Client.SyncNowAsync(new SyncNowRequest { RequestId = Guid.NewGuid().ToString(), SourceIds = { "masterlists" } }, PkdInstance.Call());
        var runId = started.Runs.Single().RunId;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        long committed;
        do
        {
            await Task.Delay(50, cancellationToken);
            committed = await pkd.ScalarAsync<long>("SELECT count(*) FROM artifacts WHERE source_id = 'masterlists' AND completed", cancellationToken);
        }
        while (committed < 2 && DateTime.UtcNow < deadline);

        pkd.Kill();
        var state = await pkd.ScalarAsync<string>($"SELECT state FROM sync_runs WHERE run_id = '{runId}'", cancellationToken);
        var completedAtKill = await pkd.ScalarAsync<long>("SELECT count(*) FROM artifacts WHERE source_id = 'masterlists' AND completed", cancellationToken);
        Assert.True(state == "RUNNING" && completedAtKill < 6, $"the run was not in the middle when killed (state {state}, {completedAtKill} artifacts done)");

        await pkd.LaunchAsync(cancellationToken);
        SourceSyncStatus status;
        deadline = DateTime.UtcNow.AddMinutes(5);
        do
        {
            await Task.Delay(500, cancellationToken);
            status = (await pkd.Client.GetSyncStatusAsync(new GetSyncStatusRequest { SourceIds = { "masterlists" } }, PkdInstance.Call())).Sources.Single();
        }
        while ((status.CurrentRun is not null || status.LastSuccessfulRun is null) && DateTime.UtcNow < deadline);

        Assert.Null(status.CurrentRun);
        Assert.NotNull(status.LastSuccessfulRun);
        Assert.NotEqual(runId, status.LastSuccessfulRun.RunId);
        Assert.Equal("INTERRUPTED", (await pkd.ScalarAsync<string>($"SELECT error_reason FROM sync_runs WHERE run_id = '{runId}'", cancellationToken)));

        var stored = await ListAllAsync(pkd, new ListCertificatesRequest());
        Assert.Equal(inner.Order(), stored.Where(c => c.Certificate.Kind is CertificateKind.Csca or CertificateKind.Link).Select(c => c.Certificate.FingerprintSha256).Order());
        Assert.Equal(signers.Order(), stored.Where(c => c.Certificate.Kind == CertificateKind.MasterListSigner).Select(c => c.Certificate.FingerprintSha256).Order());

        var events = await ReadTrustUpdatedAsync(pkd, cancellationToken);
        var added = events.SelectMany(e => e.AddedCertificates).Select(c => c.FingerprintSha256).ToList();
        Assert.Equal(added.Count, added.Distinct().Count());
        Assert.Equal(stored.Select(c => c.Certificate.FingerprintSha256).Order(), added.Order());
        var changes = await pkd.ColumnAsync<string>("SELECT fingerprint FROM changes WHERE change_type = 'ADDED'", cancellationToken);
        Assert.Equal(changes.Count, changes.Distinct().Count());
        Assert.Equal(stored.Count, changes.Count);
        Assert.Equal(6L, await pkd.ScalarAsync<long>("SELECT count(*) FROM artifacts WHERE completed", cancellationToken));
    }

    private static async Task<SyncRun> SyncAsync(PkdInstance pkd, string[] sources)
    {
        var response = await pkd.Client.SyncNowAsync(new SyncNowRequest { RequestId = Guid.NewGuid().ToString(), SourceIds = { sources }, Wait = true }, PkdInstance.Call(600));
        var run = response.Runs.Single();
        Assert.True(run.State == SyncState.Succeeded, $"{run.SourceId}: {run.State} {run.ErrorReason} {run.ErrorDetail}");
        return run;
    }

    private static async Task<List<StoredCertificate>> ListAllAsync(PkdInstance pkd, ListCertificatesRequest request)
    {
        var all = new List<StoredCertificate>();
        request.Page = new PageRequest { PageSize = 300 };
        while (true)
        {
            var page = await pkd.Client.ListCertificatesAsync(request, PkdInstance.Call());
            all.AddRange(page.Certificates);
            if (string.IsNullOrEmpty(page.Page.NextPageToken))
            {
                return all;
            }

            request.Page.PageToken = page.Page.NextPageToken;
        }
    }

    private static async Task<List<TrustUpdated>> ReadTrustUpdatedAsync(PkdInstance pkd, CancellationToken cancellationToken)
    {
        var payloads = await pkd.ColumnAsync<byte[]>("SELECT payload FROM outbox_messages ORDER BY id", cancellationToken);
        return payloads.Select(p => EventEnvelope.Parser.ParseFrom(p))
            .Select(e =>
            {
                Assert.Equal("trust.updated", e.EventType);
                Assert.Equal("pkd", e.Producer);
                return e.Payload.Unpack<TrustUpdated>();
            })
            .ToList();
    }

    private static async Task AssertWatchReplaysAsync(PkdInstance pkd, long changes)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var call = pkd.Client.WatchUpdates(new WatchUpdatesRequest { AfterSequence = changes - 3 }, cancellationToken: timeout.Token);
        var received = new List<WatchUpdatesResponse>();
        while (received.Count < 3 && await call.ResponseStream.MoveNext(timeout.Token))
        {
            received.Add(call.ResponseStream.Current);
        }

        Assert.Equal([changes - 2, changes - 1, changes], received.Select(r => r.Sequence));
        Assert.All(received, r => Assert.NotEqual(WatchUpdatesResponse.ItemOneofCase.None, r.ItemCase));
    }

    private static async Task AssertExportParsesAsync(PkdInstance pkd, int authorities, long crls)
    {
        using var call = pkd.Client.ExportLdif(new ExportLdifRequest { IncludeCrls = true }, PkdInstance.Call(120));
        using var file = new MemoryStream();
        ExportLdifResponse? last = null;
        while (await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken))
        {
            var chunk = call.ResponseStream.Current;
            Assert.Equal(file.Length, chunk.Offset);
            Assert.True(chunk.Chunk.Length <= 64 * 1024);
            chunk.Chunk.WriteTo(file);
            last = chunk;
        }

        Assert.NotNull(last);
        Assert.True(last.Last);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file.ToArray())), last.FileSha256);
        file.Position = 0;
        await using var reader = new LdifReader(file);
        var entries = new List<LdifEntry>();
        await foreach (var entry in reader.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            entries.Add(entry);
        }

        Assert.Equal(1, reader.Version);
        Assert.Equal(last.EntryCount, entries.Count);
        Assert.Equal(authorities, entries.Count(e => e.Find(LdifEntry.UserCertificateAttribute) is not null));
        Assert.Equal(crls, entries.Count(e => e.Kind == PkdEntryKind.Crl));
    }
}
