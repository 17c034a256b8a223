using System.CommandLine;
using System.Diagnostics;
using Credentials.Cli.Commands.Trust;
using Credentials.Icao9303;
using Credentials.Icao9303.Pkd;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credctl ldif stats FILE [--json]</c>: streams an ICAO PKD LDIF file and counts its records by type
/// (DSC, non-conformant DSC, CRL, Master List, Deviation List, other) and by State. Memory stays bounded whatever the
/// file size. Exit 0 when the whole file parsed, 1 when it is malformed (reason printed), 2 when it cannot be read.
/// </summary>
internal static class LdifCommand
{
    private static readonly PkdEntryKind[] Kinds = Enum.GetValues<PkdEntryKind>();

    public static Command Create()
    {
        var command = new Command("ldif", "Inspect ICAO PKD LDIF files");
        var file = new Argument<string>("FILE") { Description = "LDIF file (RFC 2849, ICAO PKD layout)" };
        var json = new Option<bool>("--json") { Description = "print the result as JSON" };
        var stats = new Command("stats", "Count records by type and State");
        stats.Arguments.Add(file);
        stats.Options.Add(json);
        stats.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var byType = Kinds.ToDictionary(k => k, _ => 0L);
            var byState = new SortedDictionary<string, Dictionary<PkdEntryKind, long>>(StringComparer.Ordinal);
            long entries = 0;
            long? maxPkdVersion = null;
            var stopwatch = Stopwatch.StartNew();
            string? reason = null;
            string? detail = null;
            int? version = null;
            try
            {
                await using var reader = new LdifReader(File.OpenRead(path));
                await foreach (var entry in reader.ReadAllAsync(cancellationToken))
                {
                    entries++;
                    var kind = entry.Kind;
                    byType[kind]++;
                    if (entry.PkdVersion is { } pkdVersion && (maxPkdVersion is null || pkdVersion > maxPkdVersion))
                    {
                        maxPkdVersion = pkdVersion;
                    }

                    if (kind != PkdEntryKind.Other)
                    {
                        var state = entry.Country ?? "??";
                        if (!byState.TryGetValue(state, out var counts))
                        {
                            byState[state] = counts = new Dictionary<PkdEntryKind, long>();
                        }

                        counts[kind] = counts.GetValueOrDefault(kind) + 1;
                    }
                }

                version = reader.Version;
            }
            catch (Icao9303FormatException ex)
            {
                reason = ex.Reason;
                detail = ex.Message;
            }
            catch (Exception ex) when (TrustIo.IsIoException(ex))
            {
                return TrustIo.IoError(path, ex);
            }

            if (parse.GetValue(json))
            {
                TrustIo.WriteJson(new
                {
                    file = path,
                    valid = reason is null,
                    ldifVersion = version,
                    entries,
                    maxPkdVersion,
                    byType = Kinds.ToDictionary(Name, k => byType[k]),
                    byState = byState.ToDictionary(s => s.Key, s => s.Value.OrderBy(p => p.Key).ToDictionary(p => Name(p.Key), p => p.Value)),
                    elapsedMs = stopwatch.ElapsedMilliseconds,
                    reason,
                    detail,
                });
            }
            else
            {
                Console.WriteLine($"{(reason is null ? "OK" : "INVALID")}  {path}: {entries} records in {stopwatch.ElapsedMilliseconds} ms");
                foreach (var kind in Kinds)
                {
                    Console.WriteLine($"  {Name(kind),-16} {byType[kind]}");
                }

                foreach (var (state, counts) in byState)
                {
                    Console.WriteLine($"  {state,-4} {string.Join(", ", counts.OrderBy(p => p.Key).Select(p => $"{Name(p.Key)} {p.Value}"))}");
                }

                if (reason is not null)
                {
                    Console.WriteLine($"  reason  {reason}: {detail}");
                }
            }

            return reason is null ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        command.Subcommands.Add(stats);
        return command;
    }

    private static string Name(PkdEntryKind kind) => kind switch
    {
        PkdEntryKind.Dsc => "dsc",
        PkdEntryKind.NonConformantDsc => "dscNonConformant",
        PkdEntryKind.Crl => "crl",
        PkdEntryKind.MasterList => "masterList",
        PkdEntryKind.DeviationList => "deviationList",
        _ => "other",
    };
}
