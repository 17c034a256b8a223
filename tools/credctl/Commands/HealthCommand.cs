using System.CommandLine;
using System.Diagnostics;
using Credentials.Cli.Connection;
using Credentials.Grpc;
using Grpc.Core;
using Grpc.Health.V1;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credctl health [--all | --service NAME | --server HOST:PORT]</c>: asks the gRPC health service of one or every
/// Credentials service over mutual TLS. Exit 0 when every one asked is SERVING, 1 when one is not, 2 on usage errors.
/// </summary>
internal static class HealthCommand
{
    public static Command Create()
    {
        var all = new Option<bool>("--all") { Description = "check every service of the suite" };
        var service = new Option<string?>("--service") { Description = "check one service by name (csca, document-signer, dtc, trust-anchor, pkd, ledger)" };
        var server = new Option<string?>("--server") { Description = "check the service at HOST:PORT" };
        var timeout = new Option<int>("--timeout-seconds") { Description = "deadline per call", DefaultValueFactory = _ => 5 };
        var tls = new TlsArguments();
        var command = new Command("health", "Check the gRPC health of Credentials services over mTLS");
        command.Options.Add(all);
        command.Options.Add(service);
        command.Options.Add(server);
        command.Options.Add(timeout);
        tls.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var targets = new List<(string Name, string? Endpoint)>();
            if (parse.GetValue(all))
            {
                targets.AddRange(ServiceEndpoints.Services.Select(s => (s, ServiceEndpoints.Find(s))));
            }
            else if (parse.GetValue(service) is { } name)
            {
                if (!ServiceEndpoints.Services.Contains(name))
                {
                    Console.Error.WriteLine($"unknown service '{name}'");
                    return ExitCodes.UsageOrIoError;
                }

                targets.Add((name, ServiceEndpoints.Find(name)));
            }
            else if (parse.GetValue(server) is { } endpoint)
            {
                targets.Add((endpoint, endpoint));
            }
            else
            {
                Console.Error.WriteLine("give --all, --service NAME or --server HOST:PORT");
                return ExitCodes.UsageOrIoError;
            }

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
                var worst = ExitCodes.Ok;
                foreach (var (name, endpoint) in targets)
                {
                    if (endpoint is null)
                    {
                        Console.WriteLine($"{name,-16} UNKNOWN      no endpoint (set {ServiceEndpoints.VariableName(name)} or run scripts/up)");
                        worst = ExitCodes.Invalid;
                        continue;
                    }

                    var stopwatch = Stopwatch.StartNew();
                    string status;
                    try
                    {
                        using var channel = MutualTlsChannel.Create(endpoint, material);
                        var client = new Health.HealthClient(channel);
                        var reply = await client.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(parse.GetValue(timeout)), cancellationToken: cancellationToken);
                        status = reply.Status.ToString().ToUpperInvariant() switch
                        {
                            "SERVING" => "SERVING",
                            "NOTSERVING" => "NOT_SERVING",
                            var other => other,
                        };
                    }
                    catch (RpcException ex)
                    {
                        status = $"ERROR ({ex.StatusCode}: {ex.Status.Detail})";
                    }

                    Console.WriteLine($"{name,-16} {status,-12} {endpoint} ({stopwatch.ElapsedMilliseconds} ms)");
                    if (status != "SERVING")
                    {
                        worst = ExitCodes.Invalid;
                    }
                }

                return worst;
            }
        });
        return command;
    }
}
