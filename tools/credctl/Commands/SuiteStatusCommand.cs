using System.CommandLine;
using Credentials.Cli.Connection;
using Credentials.Grpc;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credctl status [--json] [--timeout-seconds N]</c>: one screen for an operator, from the services' own RPCs over
/// mutual TLS (default identity: admin) — each service's health and version (response header
/// <see cref="ServiceVersion.HeaderName"/>), the active CSCAs with the next update of their current CRL, the active
/// Document Signer keys with their private key usage end, the last PKD sync per source, trust-anchor's anchor count
/// and newest anchor, the ledger head and its last signed checkpoint. A section whose service cannot answer says why;
/// the others are still shown. Exit 0 when all six services are SERVING and every section answered, 1 otherwise,
/// 2 when the TLS material cannot be loaded.
/// </summary>
internal static class SuiteStatusCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "print the status as one JSON document" };
        var timeout = new Option<int>("--timeout-seconds") { Description = "deadline of each call", DefaultValueFactory = _ => 10 };
        var tls = new TlsArguments();
        var command = new Command("status", "One screen for an operator: health and version of every service, CSCAs and CRLs, signer keys, PKD syncs, trust anchors, ledger head");
        command.Options.Add(json);
        command.Options.Add(timeout);
        tls.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            ClientTlsMaterial material;
            try
            {
                material = tls.Load(parse);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or InvalidOperationException)
            {
                Console.Error.WriteLine($"cannot load TLS material: {ex.Message}");
                return ExitCodes.UsageOrIoError;
            }

            using (material)
            {
                var collector = new SuiteStatusCollector(material, TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))), TimeProvider.System);
                var report = await collector.CollectAsync(ServiceEndpoints.Services.ToDictionary(s => s, ServiceEndpoints.Find), cancellationToken);
                if (parse.GetValue(json))
                {
                    report.WriteJson(Console.Out);
                }
                else
                {
                    report.WriteText(Console.Out);
                }

                return report.IsHealthy ? ExitCodes.Ok : ExitCodes.Invalid;
            }
        });
        return command;
    }
}
