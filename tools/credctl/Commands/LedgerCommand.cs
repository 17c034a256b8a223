using System.CommandLine;
using System.Globalization;
using Credentials.Cli.Connection;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Ledger.V1;
using Credentials.Grpc;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credctl ledger status|verify|events [--server HOST:PORT]</c>: credential status, chain and checkpoint
/// verification, and the event list of the ledger service over mutual TLS (default identity: admin). Exit 0 on success
/// (status: ISSUED; verify: intact), 1 when the service refused, the credential is not ISSUED or the chain is broken,
/// 2 on usage errors or an unreachable server.
/// </summary>
internal static class LedgerCommand
{
    public static Command Create()
    {
        var command = new Command("ledger", "Query and verify the append-only ledger (ledger service)");
        command.Subcommands.Add(StatusCommand());
        command.Subcommands.Add(VerifyCommand());
        command.Subcommands.Add(EventsCommand());
        return command;
    }

    private static Command StatusCommand()
    {
        var common = Common("status", "Status of a credential: issued, revoked, expired or unknown");
        var credentialId = new Option<string?>("--credential-id") { Description = "credential_id of an eMRTD issuance" };
        var sod = new Option<string?>("--sod-sha256") { Description = "SHA-256 of the EF.SOD, lowercase hex" };
        var dtcId = new Option<string?>("--dtc-id") { Description = "dtc_id of a DTC" };
        var kind = new Option<string?>("--kind") { Description = "with --sod-sha256: emrtd or dtc (the passport and its DTCs share the SOD; default: the passport)" };
        kind.AcceptOnlyFromAmong("emrtd", "dtc");
        common.Command.Options.Add(credentialId);
        common.Command.Options.Add(sod);
        common.Command.Options.Add(dtcId);
        common.Command.Options.Add(kind);
        return common.Run(async (parse, client, call) =>
        {
            var given = new[] { parse.GetValue(credentialId), parse.GetValue(sod), parse.GetValue(dtcId) }.Count(v => !string.IsNullOrEmpty(v));
            if (given != 1)
            {
                throw new ArgumentException("give exactly one of --credential-id, --sod-sha256, --dtc-id");
            }

            var request = new GetCredentialStatusRequest();
            if (parse.GetValue(credentialId) is { Length: > 0 } id)
            {
                request.CredentialId = id;
            }
            else if (parse.GetValue(sod) is { Length: > 0 } hash)
            {
                request.SecurityObjectSha256 = hash.ToLowerInvariant();
                request.Kind = parse.GetValue(kind) switch
                {
                    "emrtd" => CredentialKind.Emrtd,
                    "dtc" => CredentialKind.Dtc,
                    _ => CredentialKind.Unspecified,
                };
            }
            else if (parse.GetValue(kind) is not null)
            {
                throw new ArgumentException("--kind goes with --sod-sha256 only");
            }
            else
            {
                request.DtcId = parse.GetValue(dtcId)!;
            }

            var response = await client.GetCredentialStatusAsync(request, call);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"status {response.Status} kind {response.Kind} id {response.CredentialId} last-entry {response.LastEntrySequence}")
                + Time(" issued", response.IssuedAt) + Time(" expires", response.ExpiresAt) + Time(" revoked", response.RevokedAt)
                + (response.RevocationReason.Length > 0 ? " reason " + response.RevocationReason : string.Empty));
            return response.Status == CredentialStatus.Issued ? ExitCodes.Ok : ExitCodes.Invalid;
        });
    }

    private static Command VerifyCommand()
    {
        var common = Common("verify", "Recompute the hash chain and check the signed checkpoints");
        var from = new Option<long>("--from") { Description = "first sequence (default: 1)" };
        var to = new Option<long>("--to") { Description = "last sequence (default: the newest)" };
        var skipCheckpoints = new Option<bool>("--skip-checkpoints") { Description = "do not check checkpoint signatures and archives" };
        common.Command.Options.Add(from);
        common.Command.Options.Add(to);
        common.Command.Options.Add(skipCheckpoints);
        return common.Run(async (parse, client, call) =>
        {
            var response = await client.VerifyIntegrityAsync(new VerifyIntegrityRequest
            {
                FromSequence = parse.GetValue(from),
                ToSequence = parse.GetValue(to),
                VerifyCheckpoints = !parse.GetValue(skipCheckpoints),
            }, call);
            foreach (var checkpoint in response.Checkpoints)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"checkpoint {checkpoint.Sequence} {Convert.ToHexStringLower(checkpoint.EntryHash.Span)} chain:{Ok(checkpoint.MatchesChain)} signature:{Ok(checkpoint.SignatureValid)} archive:{Ok(checkpoint.ArchiveMatches)}"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(response.Intact ? "intact" : "BROKEN")} entries {response.EntriesChecked} head {Convert.ToHexStringLower(response.HeadEntryHash.Span)}"));
            if (!response.Intact)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first-broken {response.FirstBrokenSequence} {response.FailureReason}: {response.FailureDetail}"));
            }

            return response.Intact ? ExitCodes.Ok : ExitCodes.Invalid;
        });
    }

    private static Command EventsCommand()
    {
        var common = Common("events", "List ledger entries (sequence, type, aggregate, producer, hash)");
        var types = new Option<string[]>("--type") { Description = "event type, e.g. credential.issued (repeatable)", AllowMultipleArgumentsPerToken = true };
        var aggregate = new Option<string?>("--aggregate") { Description = "aggregate key (credential_id, dtc_id, fingerprint...)" };
        var producer = new Option<string?>("--producer") { Description = "producing service" };
        var from = new Option<long>("--from") { Description = "first sequence" };
        var limit = new Option<int>("--limit") { Description = "stop after this many entries", DefaultValueFactory = _ => 100 };
        common.Command.Options.Add(types);
        common.Command.Options.Add(aggregate);
        common.Command.Options.Add(producer);
        common.Command.Options.Add(from);
        common.Command.Options.Add(limit);
        return common.Run(async (parse, client, call) =>
        {
            var request = new ListEventsRequest
            {
                AggregateKey = parse.GetValue(aggregate) ?? string.Empty,
                Producer = parse.GetValue(producer) ?? string.Empty,
                FromSequence = parse.GetValue(from),
                Page = new PageRequest { PageSize = 500 },
            };
            request.EventTypes.AddRange(parse.GetValue(types) ?? []);
            var max = parse.GetValue(limit);
            var printed = 0;
            while (printed < max)
            {
                var page = await client.ListEventsAsync(request, call);
                foreach (var entry in page.Entries.Take(max - printed))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{entry.Sequence} {entry.Event.EventType} {entry.Event.AggregateKey} {entry.Event.Producer} {entry.Event.OccurredAt?.ToDateTimeOffset():O} {Convert.ToHexStringLower(entry.EntryHash.Span)}"));
                    printed++;
                }

                if (string.IsNullOrEmpty(page.Page.NextPageToken))
                {
                    break;
                }

                request.Page.PageToken = page.Page.NextPageToken;
            }

            Console.WriteLine($"{printed} entr{(printed == 1 ? "y" : "ies")}");
            return ExitCodes.Ok;
        });
    }

    private static string Ok(bool value) => value ? "ok" : "FAIL";

    private static string Time(string label, Timestamp? value) =>
        value is null ? string.Empty : $"{label} {value.ToDateTimeOffset().ToString("O", CultureInfo.InvariantCulture)}";

    private static ServerCommand<LedgerService.LedgerServiceClient> Common(string name, string description) =>
        new("ledger", invoker => new LedgerService.LedgerServiceClient(invoker), name, description, timeoutSeconds: 120);
}
