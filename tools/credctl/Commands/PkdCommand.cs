using System.CommandLine;
using System.Globalization;
using Credentials.Cli.Connection;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Pkd.V1;
using Credentials.Grpc;
using Google.Rpc;
using Grpc.Core;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credctl pkd sync|status|list [--server HOST:PORT]</c>: start (and optionally wait for) a PKD sync, show the sync
/// status of each source, and list stored certificates, against the pkd service over mutual TLS (default identity:
/// admin). Exit 0 on success (for sync --wait: every run SUCCEEDED), 1 when the service refused or a run FAILED,
/// 2 on usage errors or an unreachable server.
/// </summary>
internal static class PkdCommand
{
    public static Command Create()
    {
        var command = new Command("pkd", "Synchronise and inspect foreign trust material (pkd service)");
        command.Subcommands.Add(SyncCommand());
        command.Subcommands.Add(StatusCommand());
        command.Subcommands.Add(ListCommand());
        return command;
    }

    private static Command SyncCommand()
    {
        var common = Common("sync", "Start a sync of some or all sources now");
        var sources = new Option<string[]>("--source") { Description = "source id (repeatable; default: every enabled source)", AllowMultipleArgumentsPerToken = true };
        var full = new Option<bool>("--full") { Description = "re-fetch and re-verify everything, ignoring content hashes" };
        var wait = new Option<bool>("--wait") { Description = "wait until the runs finish (bounded by --timeout-seconds)" };
        var requestId = new Option<string?>("--request-id") { Description = "idempotency key; reuse it to retry safely (default: a new UUID, printed)" };
        common.Command.Options.Add(sources);
        common.Command.Options.Add(full);
        common.Command.Options.Add(wait);
        common.Command.Options.Add(requestId);
        return common.Run(async (parse, client, call) =>
        {
            var id = parse.GetValue(requestId) ?? Guid.NewGuid().ToString("D");
            Console.WriteLine($"request-id {id}");
            var request = new SyncNowRequest { RequestId = id, Full = parse.GetValue(full), Wait = parse.GetValue(wait) };
            request.SourceIds.AddRange(parse.GetValue(sources) ?? []);
            using var syncCall = client.SyncNowAsync(request, call);
            if (request.Wait)
            {
                await ShowProgressAsync(client, request, syncCall.ResponseAsync, call.CancellationToken);
            }

            var response = await syncCall.ResponseAsync;
            foreach (var run in response.Runs)
            {
                PrintRun("run", run);
            }

            return response.Runs.Any(r => r.State == SyncState.Failed) ? ExitCodes.Invalid : ExitCodes.Ok;
        });
    }

    /// <summary>
    /// While a waiting sync runs, polls GetSyncStatus once a second and shows the running sources' counts on one
    /// terminal line (nothing when standard error is not a terminal).
    /// </summary>
    private static async Task ShowProgressAsync(PkdService.PkdServiceClient client, SyncNowRequest sync, Task running, CancellationToken cancellationToken)
    {
        using var progress = TerminalProgress.ForStandardError();
        if (!progress.Enabled)
        {
            return;
        }

        var started = DateTime.UtcNow;
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken));
            if (running.IsCompleted || cancellationToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                var request = new GetSyncStatusRequest();
                request.SourceIds.AddRange(sync.SourceIds);
                var status = await client.GetSyncStatusAsync(request, deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken);
                var runs = status.Sources.Where(s => s.CurrentRun is not null)
                    .Select(s => $"{s.Source?.SourceId}: {s.CurrentRun.State} +{s.CurrentRun.Counts?.CertificatesAdded ?? 0} cert ={s.CurrentRun.Counts?.CertificatesUnchanged ?? 0} {s.CurrentRun.Counts?.MasterListsProcessed ?? 0} ML {s.CurrentRun.Counts?.CrlsAdded ?? 0} CRL");
                progress.Report($"syncing {(DateTime.UtcNow - started).TotalSeconds:0} s  {string.Join("  ", runs)}");
            }
            catch (RpcException)
            {
                // Progress is best effort: the waiting SyncNow call reports the outcome.
            }
        }
    }

    private static Command StatusCommand()
    {
        var common = Common("status", "Show the current, last and last successful run of each source");
        var sources = new Option<string[]>("--source") { Description = "source id (repeatable; default: all)", AllowMultipleArgumentsPerToken = true };
        common.Command.Options.Add(sources);
        return common.Run(async (parse, client, call) =>
        {
            var request = new GetSyncStatusRequest();
            request.SourceIds.AddRange(parse.GetValue(sources) ?? []);
            var response = await client.GetSyncStatusAsync(request, call);
            foreach (var status in response.Sources)
            {
                var source = status.Source;
                Console.WriteLine($"source {source.SourceId} {source.LocationType} {source.Format} {source.Location} schedule '{source.Schedule}' pins {source.PinnedFingerprints.Count}{(source.Enabled ? string.Empty : " (disabled)")}");
                if (status.CurrentRun is { } current)
                {
                    PrintRun("  current", current);
                }

                if (status.LastRun is { } last)
                {
                    PrintRun("  last", last);
                }

                if (status.LastSuccessfulRun is { } successful)
                {
                    PrintRun("  last-ok", successful);
                }

                if (status.NextRunAt is { } next)
                {
                    Console.WriteLine($"  next {next.ToDateTimeOffset():O}");
                }
            }

            return ExitCodes.Ok;
        });
    }

    private static Command ListCommand()
    {
        var common = Common("list", "List stored certificates (fingerprint, kind, country, subject)");
        var countries = new Option<string[]>("--country") { Description = "ISO 3166-1 alpha-2 (repeatable)", AllowMultipleArgumentsPerToken = true };
        var kinds = new Option<string[]>("--kind") { Description = "csca|link|ds|dtc|mls|dls (repeatable)", AllowMultipleArgumentsPerToken = true };
        var source = new Option<string?>("--source") { Description = "only certificates found in this source" };
        var removed = new Option<bool>("--include-removed") { Description = "include certificates no source lists any more" };
        var limit = new Option<int>("--limit") { Description = "stop after this many certificates", DefaultValueFactory = _ => 1000 };
        common.Command.Options.Add(countries);
        common.Command.Options.Add(kinds);
        common.Command.Options.Add(source);
        common.Command.Options.Add(removed);
        common.Command.Options.Add(limit);
        return common.Run(async (parse, client, call) =>
        {
            var request = new ListCertificatesRequest
            {
                SourceId = parse.GetValue(source) ?? string.Empty,
                IncludeRemoved = parse.GetValue(removed),
                Page = new PageRequest { PageSize = 500 },
            };
            request.Countries.AddRange((parse.GetValue(countries) ?? []).Select(c => c.ToUpperInvariant()));
            request.Kinds.AddRange((parse.GetValue(kinds) ?? []).Select(ParseKind));
            var max = parse.GetValue(limit);
            var printed = 0;
            while (printed < max)
            {
                var page = await client.ListCertificatesAsync(request, call);
                foreach (var entry in page.Certificates.Take(max - printed))
                {
                    var certificate = entry.Certificate;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{certificate.FingerprintSha256} {certificate.Kind,-22} {certificate.Country,-2} {(entry.Verified ? "verified" : "unverified")}{(entry.Removed ? " removed" : string.Empty)} lint:{entry.LintFindings.Count} {certificate.Subject}"));
                    printed++;
                }

                if (string.IsNullOrEmpty(page.Page.NextPageToken))
                {
                    break;
                }

                request.Page.PageToken = page.Page.NextPageToken;
            }

            Console.WriteLine($"{printed} certificate(s)");
            return ExitCodes.Ok;
        });
    }

    private static CertificateKind ParseKind(string kind) => kind.ToLowerInvariant() switch
    {
        "csca" => CertificateKind.Csca,
        "link" => CertificateKind.Link,
        "ds" or "dsc" => CertificateKind.DocumentSigner,
        "dtc" => CertificateKind.DtcSigner,
        "mls" => CertificateKind.MasterListSigner,
        "dls" => CertificateKind.DeviationListSigner,
        var other => throw new ArgumentException($"unknown --kind '{other}' (csca, link, ds, dtc, mls, dls)"),
    };

    private static void PrintRun(string label, SyncRun run)
    {
        var counts = run.Counts;
        var finished = run.FinishedAt is { } at ? string.Create(CultureInfo.InvariantCulture, $" finished {at.ToDateTimeOffset():O}") : string.Empty;
        var error = string.IsNullOrEmpty(run.ErrorReason) ? string.Empty : $" error {run.ErrorReason}: {run.ErrorDetail}";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label} {run.RunId} {run.SourceId} {run.State} added {counts.CertificatesAdded} removed {counts.CertificatesRemoved} unchanged {counts.CertificatesUnchanged} crls {counts.CrlsAdded} master-lists {counts.MasterListsProcessed} rejected {counts.ItemsRejected} lint {counts.LintFindings}{finished}{error}"));
    }

    private static ServerCommand<PkdService.PkdServiceClient> Common(string name, string description) =>
        new("pkd", invoker => new PkdService.PkdServiceClient(invoker), name, description, timeoutSeconds: 60);
}
