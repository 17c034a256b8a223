using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Credentials.Bench.Soak;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.Contracts.Dtc.V1;
using Credentials.Contracts.Pkd.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Grpc;
using Credentials.Icao9303.Lds.DataGroups;
using Credentials.Icao9303.Mrz;
using Google.Protobuf;
using Grpc.Core;

// Usage: Credentials.Bench.Soak [--minutes 10] [--fraction 0.7] [--probe-seconds 60] [--concurrency 16]
//                                [--sync-per-second 40] [--latency-budget-seconds 1] [--max-in-flight N]
// Needs the six services started by scripts/up (CRED_RUN_DIR with pids/ and services.env) and the stack's variables:
//   scripts/up && . .run/stack.env && . .run/services.env
// 1. probe: closed loop with --concurrency callers for --probe-seconds -> the maximum mixed rate (operations/s);
// 2. soak: --fraction of that rate, paced, for --minutes; every RPC error is counted; the RSS of each service is
//    sampled every 10 s; growth = last sample / the sample one minute into the soak (after warm-up) - 1.
// Mix per operation: 40 % sign (document-signer SignSecurityObject), 40 % verify (trust-anchor VerifyDocument of an
// EF.SOD signed in this run; every 4th is a dtc VerifyDtc of a DTC issued from one of them), 20 % sync (pkd
// ListCertificates page as a relying party's incremental sync; every 5th also fetches the CSCA's CRL from csca, every
// 10th also runs pkd SyncNow). All six services take part. Before the run, trust-anchor must have learnt this run's
// CSCA (from csca's events), so verifications run the whole path; their verdicts are tallied. The sync share is one relying party's and stays under --sync-per-second (default 40, below pkd's
// access policy of 50 calls/s per caller): past that budget a sync slot runs a verify instead, and the mix actually
// run is printed. The runtime's own memory figures (GC heap, GC-committed memory, full collections) are scraped from
// each service's /metrics alongside RSS.
var minutes = Arg("--minutes", 10.0);
var fraction = Arg("--fraction", 0.7);
var probeSeconds = Arg("--probe-seconds", 60.0);
var concurrency = (int)Arg("--concurrency", 16.0);
var maxInFlightArgument = (int)Arg("--max-in-flight", 0.0);
var latencyBudget = Arg("--latency-budget-seconds", 1.0);
var syncPerSecond = Arg("--sync-per-second", 40.0);
string Env(string name) => Environment.GetEnvironmentVariable(name) ?? string.Empty;
var tlsDirectory = Env("CRED_TLS_DIR");
var runDirectory = Env("CRED_RUN_DIR");
if (tlsDirectory.Length == 0 || runDirectory.Length == 0 || Env("CRED_ENDPOINT_DOCUMENT_SIGNER").Length == 0)
{
    Console.Error.WriteLine("Start the suite with scripts/up, then source .run/stack.env and .run/services.env.");
    return 2;
}

var projects = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["csca"] = "Credentials.Csca", ["document-signer"] = "Credentials.DocumentSigner", ["trust-anchor"] = "Credentials.TrustAnchor",
    ["dtc"] = "Credentials.Dtc", ["pkd"] = "Credentials.Pkd", ["ledger"] = "Credentials.Ledger",
};
var memory = ServiceMemory.Find(runDirectory, projects);
var endpointVariables = projects.Keys.ToDictionary(s => s, s => Env("CRED_ENDPOINT_" + s.Replace('-', '_').ToUpperInvariant()), StringComparer.Ordinal);
if (memory.Services.Count != projects.Count)
{
    Console.Error.WriteLine($"found the processes of {memory.Services.Count} of 6 services in {runDirectory}/pids; start them with scripts/up");
    return 2;
}

ClientTlsMaterial Tls(string identity) =>
    ClientTlsMaterial.Load(Path.Combine(tlsDirectory, "ca.crt"), Path.Combine(tlsDirectory, identity + ".crt"), Path.Combine(tlsDirectory, identity + ".key"));
using var admin = Tls("admin");
using var relyingParty = Tls("relying-party");
using var cscaChannel = MutualTlsChannel.Create(Env("CRED_ENDPOINT_CSCA"), admin);
using var signerChannel = MutualTlsChannel.Create(Env("CRED_ENDPOINT_DOCUMENT_SIGNER"), admin);
using var verifyChannel = MutualTlsChannel.Create(Env("CRED_ENDPOINT_TRUST_ANCHOR"), relyingParty);
using var pkdReadChannel = MutualTlsChannel.Create(Env("CRED_ENDPOINT_PKD"), relyingParty);
using var pkdAdminChannel = MutualTlsChannel.Create(Env("CRED_ENDPOINT_PKD"), admin);
using var dtcAdminChannel = MutualTlsChannel.Create(Env("CRED_ENDPOINT_DTC"), admin);
using var dtcVerifyChannel = MutualTlsChannel.Create(Env("CRED_ENDPOINT_DTC"), relyingParty);
using var cscaReadChannel = MutualTlsChannel.Create(Env("CRED_ENDPOINT_CSCA"), relyingParty);
using var runtimeMemory = new RuntimeMemory(admin, endpointVariables);
var syncBudget = new SyncBudget(syncPerSecond);
var csca = new CscaService.CscaServiceClient(cscaChannel);
var signer = new DocumentSignerService.DocumentSignerServiceClient(signerChannel);
var trustAnchor = new TrustAnchorService.TrustAnchorServiceClient(verifyChannel);
var pkdRead = new PkdService.PkdServiceClient(pkdReadChannel);
var pkdAdmin = new PkdService.PkdServiceClient(pkdAdminChannel);
var dtcAdmin = new DtcService.DtcServiceClient(dtcAdminChannel);
var dtcVerify = new DtcService.DtcServiceClient(dtcVerifyChannel);
var cscaRead = new CscaService.CscaServiceClient(cscaReadChannel);
var verdicts = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
CallOptions Call(int seconds = 30) => new(deadline: DateTime.UtcNow.AddSeconds(seconds));

// A CSCA and a P-256 signer key for a document type of this run only.
var cscaId = $"soak-{Guid.NewGuid():N}";
await csca.CreateCscaAsync(
    new CreateCscaRequest { RequestId = Guid.NewGuid().ToString(), CscaId = cscaId, Country = "NL", Organization = "Soak", CommonName = "CSCA Soak", KeyAlgorithm = KeyAlgorithm.EcP256 },
    Call(120));
var documentType = string.Create(2, Random.Shared.Next(676), (span, v) =>
{
    span[0] = (char)('A' + (v / 26));
    span[1] = (char)('A' + (v % 26));
});
var keyRequest = new CreateSignerKeyRequest { RequestId = Guid.NewGuid().ToString(), KeyAlgorithm = KeyAlgorithm.EcP256, CscaId = cscaId, Activate = true };
keyRequest.DocumentTypes.Add(documentType);
await signer.CreateSignerKeyAsync(keyRequest, Call(120));

var documentIndex = 0;
SignSecurityObjectRequest NewSignRequest(out List<DataGroupContent> contents)
{
    var number = "SK" + Interlocked.Increment(ref documentIndex).ToString("D7", CultureInfo.InvariantCulture);
    var mrz = MachineReadableZone.Create(MrzFormat.Td3, new MrzData
    {
        DocumentCode = "P", IssuingState = "NLD", PrimaryIdentifier = "DE BRUIJN", SecondaryIdentifier = "WILLEKE LISELOTTE",
        DocumentNumber = number, Nationality = "NLD", DateOfBirth = "650310", Sex = "F", DateOfExpiry = "340101",
    });
    var face = new byte[2048];
    Random.Shared.NextBytes(face);
    face[0] = 0x75;
    var groups = new Dictionary<int, byte[]> { [1] = new DataGroup1(mrz).Encode(), [2] = face };
    var request = new SignSecurityObjectRequest
    {
        RequestId = Guid.NewGuid().ToString(), DocumentType = documentType, LdsVersion = "0108", UnicodeVersion = "040000",
        HashAlgorithm = HashAlgorithm.Sha256, DocumentNumber = number,
    };
    contents = [];
    foreach (var (dg, content) in groups)
    {
        request.DataGroups.Add(new DataGroup { Number = dg, Content = ByteString.CopyFrom(content) });
        contents.Add(new DataGroupContent { Number = dg, Content = ByteString.CopyFrom(content) });
    }

    return request;
}

// Documents to verify: signed in this run; the pool keeps growing with the sign operations (bounded).
var documents = new ConcurrentQueue<VerifyDocumentRequest>();
async Task SignAsync()
{
    var response = await signer.SignSecurityObjectAsync(NewSignRequest(out var contents), Call());
    if (documents.Count < 500)
    {
        var verify = new VerifyDocumentRequest { SecurityObject = response.Issuance.SecurityObject };
        verify.DataGroups.Add(contents);
        documents.Enqueue(verify);
    }
}

// One DTC (eMRTD-bound) from a passport of this run, issued once trust-anchor knows the CSCA (Passive Authentication
// must pass first); until then IssueDtc answers FailedPrecondition PASSIVE_AUTHENTICATION_FAILED.
VerifyDtcRequest? dtcToVerify = null;
var verifyIndex = 0;
async Task VerifyAsync()
{
    var index = Interlocked.Increment(ref verifyIndex);
    if (index % 4 == 0 && dtcToVerify is not null)
    {
        var dtcVerdict = (await dtcVerify.VerifyDtcAsync(dtcToVerify, Call())).Verdict;
        verdicts.AddOrUpdate("dtc " + dtcVerdict, 1, (_, n) => n + 1);
        return;
    }

    var pool = documents.ToArray();
    var verdict = (await trustAnchor.VerifyDocumentAsync(pool[index % pool.Length], Call())).Verdict;
    verdicts.AddOrUpdate("document " + verdict, 1, (_, n) => n + 1);
}

var syncIndex = 0;
var since = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow.AddDays(-1));
async Task SyncAsync()
{
    await pkdRead.ListCertificatesAsync(new Credentials.Contracts.Pkd.V1.ListCertificatesRequest { Page = new PageRequest { PageSize = 50 }, UpdatedSince = since }, Call());
    var index = Interlocked.Increment(ref syncIndex);
    if (index % 5 == 0)
    {
        await cscaRead.GetCrlAsync(new Credentials.Contracts.Csca.V1.GetCrlRequest { CscaId = cscaId }, Call());
    }

    if (index % 10 == 0)
    {
        await pkdAdmin.SyncNowAsync(new SyncNowRequest { RequestId = Guid.NewGuid().ToString() }, Call());
    }
}

var operations = new (string Name, Func<Task> Run)[] { ("sign", SignAsync), ("sign", SignAsync), ("verify", VerifyAsync), ("verify", VerifyAsync), ("sync", SyncAsync) };
var operationIndex = 0;
async Task RunOneAsync(LoadCounters counters)
{
    var (name, run) = operations[Interlocked.Increment(ref operationIndex) % operations.Length];
    if (name == "sync" && !syncBudget.TryTake())
    {
        (name, run) = ("verify", VerifyAsync);
    }

    if (name == "verify" && documents.IsEmpty)
    {
        (name, run) = ("sign", SignAsync);
    }

    var started = Stopwatch.GetTimestamp();
    try
    {
        await run();
        counters.Ok(name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
    catch (RpcException exception)
    {
        counters.Error($"{name} {exception.StatusCode}");
    }
}

string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

// Warm-up: JIT, connections, key snapshots, a first pool of documents.
var warm = new LoadCounters();
for (var i = 0; i < 20; i++)
{
    await SignAsync();
}

var dtcWatch = Stopwatch.StartNew();
while (dtcToVerify is null)
{
    var passport = NewSignRequest(out var passportGroups);
    var sod = (await signer.SignSecurityObjectAsync(passport, Call())).Issuance.SecurityObject;
    var issue = new IssueDtcRequest { RequestId = Guid.NewGuid().ToString(), Binding = DtcBinding.EmrtdBound, SecurityObject = sod };
    issue.DataGroups.Add(passportGroups);
    try
    {
        var dtc = (await dtcAdmin.IssueDtcAsync(issue, Call(60))).Dtc;
        dtcToVerify = new VerifyDtcRequest { ContentInfo = dtc.ContentInfo };
    }
    catch (RpcException exception) when (exception.StatusCode == StatusCode.FailedPrecondition && dtcWatch.Elapsed < TimeSpan.FromSeconds(60))
    {
        // trust-anchor has not learnt this run's CSCA yet.
        await Task.Delay(1000);
    }
}

Console.WriteLine($"trust-anchor knows the run's CSCA and a DTC is issued after {dtcWatch.Elapsed.TotalSeconds:0.0} s");

await Parallel.ForAsync(0, 200, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, _) => await RunOneAsync(warm));
Console.WriteLine($"warm-up: {warm.Describe()}");

// 1. The maximum: closed loop.
var probe = new LoadCounters();
var probeWatch = Stopwatch.StartNew();
using (var probeStop = new CancellationTokenSource(TimeSpan.FromSeconds(probeSeconds)))
{
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
    {
        while (!probeStop.IsCancellationRequested)
        {
            await RunOneAsync(probe);
        }
    })));
}

var maxRate = probe.Completed / probeWatch.Elapsed.TotalSeconds;
Console.WriteLine($"maximum mixed rate: {maxRate:0.0} op/s with {concurrency} callers over {probeWatch.Elapsed.TotalSeconds:0} s; {probe.Describe()}; load {LoadAverage()}");

// 2. The soak: paced at fraction × maximum.
var targetRate = maxRate * fraction;
// Operations are started on a fixed schedule; one that finds more than the rate × the latency budget in flight (by
// Little's law, a backlog of over a second) is skipped and counted, and any skip fails the run.
var maxInFlight = maxInFlightArgument > 0 ? maxInFlightArgument : Math.Max(64, (int)Math.Ceiling(targetRate * latencyBudget));
var soak = new LoadCounters();
var inFlight = 0;
long saturated = 0;
var running = new ConcurrentDictionary<Task, bool>();
var samples = new List<(TimeSpan At, Dictionary<string, long> Rss, Dictionary<string, RuntimeMemory.Snapshot> Runtime)>();
var soakWatch = Stopwatch.StartNew();
var duration = TimeSpan.FromMinutes(minutes);
var nextSample = TimeSpan.Zero;
long started = 0;
Console.WriteLine($"soak: {targetRate:0.0} op/s ({fraction:P0} of the maximum) for {minutes:0.#} min, at most {maxInFlight} in flight; load {LoadAverage()}");
while (soakWatch.Elapsed < duration)
{
    if (soakWatch.Elapsed >= nextSample)
    {
        samples.Add((soakWatch.Elapsed, memory.Sample(), await runtimeMemory.SampleAsync(CancellationToken.None)));
        nextSample += TimeSpan.FromSeconds(10);
        if (samples.Count % 6 == 1)
        {
            Console.WriteLine($"  {soakWatch.Elapsed:mm\\:ss} done {soak.Completed} errors {soak.Errors} skipped {saturated} in flight {Volatile.Read(ref inFlight)} load {LoadAverage()} rss MiB {string.Join(' ', samples[^1].Rss.Select(p => $"{p.Key}={p.Value / 1024}"))}");
        }
    }

    var due = (long)(soakWatch.Elapsed.TotalSeconds * targetRate);
    while (started < due)
    {
        started++;
        if (Volatile.Read(ref inFlight) >= maxInFlight)
        {
            saturated++;
            continue;
        }

        Interlocked.Increment(ref inFlight);
        var task = Task.Run(async () =>
        {
            try
            {
                await RunOneAsync(soak);
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        });
        running[task] = true;
        _ = task.ContinueWith(t => running.TryRemove(t, out _), TaskScheduler.Default);
    }

    await Task.Delay(5);
}

await Task.WhenAll(running.Keys);
var soakSeconds = soakWatch.Elapsed.TotalSeconds;
samples.Add((soakWatch.Elapsed, memory.Sample(), await runtimeMemory.SampleAsync(CancellationToken.None)));

// Growth against the first sample at or after one minute (the services' pools, JIT and caches are warm by then).
var baseline = samples.FirstOrDefault(s => s.At >= TimeSpan.FromMinutes(Math.Min(1, minutes / 2)));
var last = samples[^1];
var growth = new Dictionary<string, double>(StringComparer.Ordinal);
Console.WriteLine("RSS (MiB) per service: at start / after warm-up / end / growth since warm-up / peak");
foreach (var service in projects.Keys)
{
    var first = samples[0].Rss.GetValueOrDefault(service);
    var warmRss = baseline.Rss?.GetValueOrDefault(service) ?? first;
    var end = last.Rss.GetValueOrDefault(service);
    var peak = samples.Max(s => s.Rss.GetValueOrDefault(service));
    growth[service] = warmRss == 0 ? double.NaN : ((double)end / warmRss) - 1;
    Console.WriteLine($"  {service,-16} {first / 1024.0,7:0.0} {warmRss / 1024.0,7:0.0} {end / 1024.0,7:0.0} {growth[service],8:+0.0%;-0.0%} {peak / 1024.0,7:0.0}");
}

Console.WriteLine("managed memory (MiB) per service: GC heap after warm-up / end, GC committed after warm-up / end, full GCs during the soak");
foreach (var service in projects.Keys)
{
    var from = baseline.Runtime?.GetValueOrDefault(service) ?? default;
    var to = last.Runtime.GetValueOrDefault(service);
    const double MiB = 1024 * 1024;
    Console.WriteLine($"  {service,-16} heap {from.HeapBytes / MiB,6:0.0} -> {to.HeapBytes / MiB,6:0.0}   committed {from.CommittedBytes / MiB,6:0.0} -> {to.CommittedBytes / MiB,6:0.0}   gen2 +{to.FullCollections - from.FullCollections}");
}

var rssSeries = string.Join(Environment.NewLine, samples.Where((_, i) => i % 6 == 0 || i == samples.Count - 1).Select(s =>
    $"  {s.At:mm\\:ss} " + string.Join(' ', projects.Keys.Select(k => $"{k}={s.Rss.GetValueOrDefault(k) / 1024}/{s.Runtime.GetValueOrDefault(k).HeapBytes / (1024 * 1024)}"))));
Console.WriteLine($"RSS/GC heap (MiB) each minute:{Environment.NewLine}{rssSeries}");

var achieved = soak.Completed / soakSeconds;
var worst = growth.MaxBy(g => g.Value);
var pass = soak.Errors == 0 && saturated == 0 && growth.Values.All(g => g < 0.10) && achieved >= targetRate * 0.95;
Console.WriteLine($"soak detail: {soak.Describe()}; skipped (more than {maxInFlight} in flight): {saturated}");
Console.WriteLine($"verdicts (warm-up, maximum and soak): {string.Join(", ", verdicts.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key} ×{v.Value}"))}");
Console.WriteLine(
    $"SOAK {(pass ? "PASS" : "FAIL")}: max {maxRate:0.0} op/s, target {targetRate:0.0} op/s ({fraction:P0}), achieved {achieved:0.0} op/s over {soakSeconds / 60:0.0} min, "
    + $"{soak.Completed} ops, errors {soak.Errors}, skipped {saturated}, worst RSS growth {worst.Key} {worst.Value:+0.0%;-0.0%}; load {LoadAverage()}");
return pass ? 0 : 1;

double Arg(string name, double fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? double.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
