using System.Diagnostics;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.IntegrationTests.Csca;
using Credentials.IntegrationTests.DocumentSigner;

namespace Credentials.IntegrationTests.Faults;

/// <summary>
/// Issue 9, fault tests: under a signing load, kill -9 each of the six services (and restart it), stop PostgreSQL for
/// 10 s, stop the broker for 30 s — one after the other on a private stack — and, in a test of its own, take the
/// HSM token away for 10 s.
/// After each fault: every credential document-signer issued has exactly one <c>credential.issued</c> ledger entry
/// (none missing, none duplicated), no service other than the killed one was restarted, all six serve again. The
/// report (counts and recovery times) goes to the test output and to <c>$CRED_RUN_DIR/logs/fault-report*.md</c>;
/// docs/fault-tests.md holds a run of it.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class FaultTests(FaultSuite suite)
{
    private const int Workers = 4;
    private static readonly TimeSpan PostgresDown = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan BrokerDown = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan HsmAway = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(120);

    /// <summary>A token that is back should sign again within a minute; waiting longer only lengthens CI.</summary>
    private static readonly TimeSpan HsmRecoveryLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CatchUpLimit = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Faults_EachInjectedUnderSigningLoad_EveryCredentialHasOneLedgerEntryAndServicesRecover()
    {
        suite.RequireStack();
        var faults = new List<Fault>();
        foreach (var service in Services.SuiteFixture.Projects.Keys)
        {
            faults.Add(new Fault($"kill -9 {service}", service, token => KillAndRestartAsync(service, token)));
        }

        faults.Add(new Fault($"PostgreSQL stopped {PostgresDown.TotalSeconds:0} s", null, token => StopComponentAsync("postgres", PostgresDown, token)));
        faults.Add(new Fault($"broker stopped {BrokerDown.TotalSeconds:0} s", null, token => StopComponentAsync("kafka", BrokerDown, token)));
        await RunAndAssertAsync(faults, "fault-report.md", RecoveryLimit);
    }

    /// <summary>
    /// SoftHSM keeps sessions inside the calling process, so no other process can log them out or close them. The
    /// nearest outside fault is the token's storage vanishing for a while — what a network HSM's restart or failover
    /// looks like to its clients: the token directory is renamed away for 10 s and back, under signing load.
    /// </summary>
    [Fact]
    public async Task HsmTokenAway_UnderSigningLoad_SigningRecoversWithoutRestart()
    {
        suite.RequireStack();
        var faults = new List<Fault> { new($"HSM token away {HsmAway.TotalSeconds:0} s (document-signer)", null, token => TakeTokenAwayAsync("document-signer", HsmAway, token)) };
        try
        {
            await RunAndAssertAsync(faults, "fault-report-hsm.md", HsmRecoveryLimit);
        }
        finally
        {
            // Whatever happened, the other fault test must find a working document-signer (tests run in any order).
            await suite.KillAsync("document-signer");
            suite.Restart("document-signer");
            await suite.WaitServingAsync("document-signer", RecoveryLimit, CancellationToken.None);
        }
    }

    private async Task RunAndAssertAsync(IReadOnlyList<Fault> faults, string reportName, TimeSpan recoveryLimit)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var started = Stopwatch.GetTimestamp();
        var loadBefore = LoadAverage();
        using var tls = suite.ClientTls("admin");
        using var cscaChannel = suite.Channel("csca", tls);
        using var signerChannel = suite.Channel("document-signer", tls);
        var signer = new DocumentSignerService.DocumentSignerServiceClient(signerChannel);
        var documentType = await CreateSignerKeyAsync(new CscaService.CscaServiceClient(cscaChannel), signer, cancellationToken);

        var outcomes = new List<FaultOutcome>();
        var index = 0;
        foreach (var fault in faults)
        {
            outcomes.Add(await RunFaultAsync(fault, signer, documentType, index, recoveryLimit, cancellationToken));
            index += 100_000;
        }

        var report = FaultReport.Format(outcomes, $"{loadBefore} / {LoadAverage()}", Stopwatch.GetElapsedTime(started));
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(suite.LogDirectory, reportName), report, cancellationToken);

        Assert.All(outcomes, o =>
        {
            Assert.True(o.Missing == 0, $"{o.Fault}: {o.Missing} issued credential(s) without a ledger entry\n{report}");
            Assert.True(o.Duplicates == 0, $"{o.Fault}: {o.Duplicates} credential(s) with more than one ledger entry\n{report}");
            Assert.True(o.Inconsistent == 0 && o.Abandoned == 0, $"{o.Fault}: {o.Inconsistent} request(s) answered with two credentials, {o.Abandoned} given up\n{report}");
            Assert.True(o.SigningRecovered is not null, $"{o.Fault}: signing did not recover within {recoveryLimit}\n{report}");
            Assert.True(o.Restarted.Count == 0 && o.NotServing.Count == 0, $"{o.Fault}: restarted {string.Join(",", o.Restarted)}, not serving {string.Join(",", o.NotServing)}\n{report}");
            Assert.True(o.Issued >= o.Succeeded, $"{o.Fault}: the load got {o.Succeeded} credentials but document-signer holds {o.Issued} new ones\n{report}");
        });
    }

    private async Task<FaultOutcome> RunFaultAsync(
        Fault fault,
        DocumentSignerService.DocumentSignerServiceClient signer,
        string documentType,
        int indexBase,
        TimeSpan recoveryLimit,
        CancellationToken cancellationToken)
    {
        var (name, killed, inject) = fault;
        var connection = suite.PostgresConnectionString;
        var before = await LedgerAudit.CountAsync(connection, documentType, cancellationToken);
        var processes = suite.Processes();
        await using var load = new SigningLoad(signer, documentType, Workers, indexBase, giveUpAfter: recoveryLimit + TimeSpan.FromSeconds(30));
        load.Start(cancellationToken);
        await load.WaitForSuccessesAsync(10, RecoveryLimit, cancellationToken);

        var (lifted, servingAgain) = await inject(cancellationToken);
        TimeSpan? signingRecovered;
        try
        {
            signingRecovered = await load.WaitForSuccessAfterAsync(lifted, recoveryLimit, cancellationToken);
        }
        catch (TimeoutException)
        {
            signingRecovered = null;
        }

        // Some load after the recovery too, so the report shows the steady state came back.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        await load.StopAsync();
        var (after, _) = await LedgerAudit.WaitCaughtUpAsync(connection, documentType, CatchUpLimit, cancellationToken);
        var caughtUp = Stopwatch.GetElapsedTime(lifted);

        // Every credential the load was given is one document-signer holds.
        var issuedIds = await LedgerAudit.IssuedCredentialsAsync(connection, documentType, cancellationToken);
        var unknown = load.Credentials.Values.Count(id => !issuedIds.Contains(id));
        Assert.True(unknown == 0, $"{name}: {unknown} credential(s) returned to the client are not in document_signer.issuances");

        var restarted = processes.Where(p => p.Key != killed && (!ReferenceEquals(suite[p.Key], p.Value) || !p.Value.IsRunning)).Select(p => p.Key).ToList();
        var notServing = new List<string>();
        foreach (var service in Services.SuiteFixture.Projects.Keys)
        {
            try
            {
                await suite.WaitServingAsync(service, TimeSpan.FromSeconds(60), cancellationToken);
            }
            catch (Exception exception) when (exception is InvalidOperationException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                notServing.Add(service);
            }
        }

        return new FaultOutcome(
            name,
            load.Sent,
            load.Succeeded,
            load.FailedRetryable,
            load.FailedOther,
            SigningLoad.Describe(load.FailuresByKind),
            after.Issued - before.Issued,
            after.Entries - before.Entries,
            after.Duplicates,
            after.Missing,
            load.Inconsistent,
            load.Abandoned,
            signingRecovered,
            servingAgain,
            caughtUp,
            restarted,
            notServing);
    }

    private async Task<(long Lifted, TimeSpan? ServingAgain)> KillAndRestartAsync(string service, CancellationToken cancellationToken)
    {
        var killedAt = Stopwatch.GetTimestamp();
        await suite.KillAsync(service);
        suite.Restart(service);
        var lifted = Stopwatch.GetTimestamp();
        await suite.WaitServingAsync(service, RecoveryLimit, cancellationToken);
        return (lifted, Stopwatch.GetElapsedTime(killedAt));
    }

    private async Task<(long Lifted, TimeSpan? ServingAgain)> StopComponentAsync(string component, TimeSpan down, CancellationToken cancellationToken)
    {
        await suite.Stack.StopAsync(component, cancellationToken);
        await Task.Delay(down, cancellationToken);
        await suite.Stack.StartAsync(component, cancellationToken);
        return (Stopwatch.GetTimestamp(), null);
    }

    /// <summary>
    /// Renames the SoftHSM token directory of <paramref name="label"/> out of the token store (beside it, same file
    /// system), waits, and renames it back. Parked inside the store, SoftHSM would still find the token under the
    /// other directory name when it re-reads the store.
    /// </summary>
    private async Task<(long Lifted, TimeSpan? ServingAgain)> TakeTokenAwayAsync(string label, TimeSpan away, CancellationToken cancellationToken)
    {
        var directory = SoftHsmTokenDirectory(label);
        var store = Path.GetDirectoryName(directory)!;
        var parked = Path.Combine(Path.GetDirectoryName(store)!, $"{Path.GetFileName(store)}-{Path.GetFileName(directory)}.away");
        Directory.Move(directory, parked);
        try
        {
            await Task.Delay(away, cancellationToken);
        }
        finally
        {
            Directory.Move(parked, directory);
        }

        return (Stopwatch.GetTimestamp(), null);
    }

    private string SoftHsmTokenDirectory(string label)
    {
        var configuration = File.ReadAllLines(suite.Stack["SOFTHSM2_CONF"]);
        var tokens = configuration
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2 && parts[0].Trim() == "directories.tokendir")
            .Select(parts => parts[1].Trim())
            .Single();
        var padded = System.Text.Encoding.ASCII.GetBytes(label.PadRight(32));
        return Directory.GetDirectories(tokens)
            .Single(dir => File.ReadAllBytes(Path.Combine(dir, "token.object")).AsSpan().IndexOf(padded) >= 0);
    }

    private static async Task<string> CreateSignerKeyAsync(CscaService.CscaServiceClient csca, DocumentSignerService.DocumentSignerServiceClient signer, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var created = await csca.CreateCscaAsync(
            new CreateCscaRequest
            {
                RequestId = DocumentSignerClientFixture.NewId(),
                CscaId = CscaClientFixture.NewCscaId("faults"),
                Country = "NL",
                Organization = "Kingdom of the Netherlands",
                OrganizationalUnit = "Fault Tests",
                CommonName = "CSCA NL FAULTS",
                KeyAlgorithm = KeyAlgorithm.EcP256,
            },
            deadline: deadline,
            cancellationToken: cancellationToken);
        var documentType = DocumentSignerClientFixture.NewDocumentType();
        var request = new CreateSignerKeyRequest
        {
            RequestId = DocumentSignerClientFixture.NewId(),
            KeyAlgorithm = KeyAlgorithm.EcP256,
            CscaId = created.Csca.CscaId,
            Activate = true,
        };
        request.DocumentTypes.Add(documentType);
        await signer.CreateSignerKeyAsync(request, deadline: deadline, cancellationToken: cancellationToken);
        return documentType;
    }

    private static string LoadAverage() =>
        string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
