using System.CommandLine;
using System.Globalization;
using Credentials.Cli.Connection;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Dtc.V1;
using Credentials.Grpc;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credctl dtc issue|verify|status|revoke [--server HOST:PORT]</c>: Digital Travel Credentials against the dtc service
/// over mutual TLS (default identity: admin). <c>issue</c> takes EF.SOD and data group files (<c>--dg 1=EF.DG1.bin</c>)
/// and writes the DER DTCContentInfo; <c>verify</c> prints the verdict and every check (exit 1 unless VALID or
/// VALID_WITH_WARNINGS); <c>status</c> looks a DTC up by id or content hash. Side-effecting commands send a request id
/// (a new UUID unless <c>--request-id</c> is given) and print it. Exit 0 on success, 1 when refused or invalid, 2 on usage
/// or I/O errors.
/// </summary>
internal static class DtcCommand
{
    public static Command Create()
    {
        var command = new Command("dtc", "Issue, verify and track Digital Travel Credentials (dtc service)");
        command.Subcommands.Add(IssueCommand());
        command.Subcommands.Add(VerifyCommand());
        command.Subcommands.Add(StatusCommand());
        command.Subcommands.Add(RevokeCommand());
        return command;
    }

    private static Command IssueCommand()
    {
        var common = Common("issue", "Issue a DTC from data groups and EF.SOD (Passive Authentication must pass unless PC bound)");
        var sod = common.Option<string>("--sod", "EF.SOD file (tag 0x77); required unless --binding pc");
        var binding = common.Option<string>("--binding", "emrtd (default) | emrtd-pc | pc: emrtd-pc and pc add dtcTBS signed by the service's DTC Signer (docs/dtc.md)");
        var physicalComponent = common.Option<string>("--pc-id", "physical-component identifier as hex (dtcTBS value 4; emrtd-pc and pc only)");
        var groups = new Option<string[]>("--dg") { Description = "data group as NUMBER=FILE, repeatable (DG1 and DG2 required)", Required = true, AllowMultipleArgumentsPerToken = true };
        common.Command.Options.Add(groups);
        var validity = common.Option<int?>("--validity-days", "validity in days (default: the server maximum, never past the eMRTD's expiry)");
        var output = common.Option<string>("--out", "write the DER DTCContentInfo to this file");
        return common.Run(async (parse, client, call) =>
        {
            var request = new IssueDtcRequest { RequestId = common.RequestId(parse), Binding = ParseBinding(parse.GetValue(binding)) };
            if (parse.GetValue(sod) is { } sodPath)
            {
                request.SecurityObject = ByteString.CopyFrom(await File.ReadAllBytesAsync(sodPath));
            }
            else if (request.Binding != DtcBinding.PcBound)
            {
                throw new ArgumentException("--sod is required unless --binding pc");
            }

            if (parse.GetValue(physicalComponent) is { } hex)
            {
                try
                {
                    request.PhysicalComponentIdentifier = ByteString.CopyFrom(Convert.FromHexString(hex));
                }
                catch (FormatException)
                {
                    throw new ArgumentException($"--pc-id {hex}: not hexadecimal");
                }
            }

            foreach (var item in parse.GetValue(groups) ?? [])
            {
                var parts = item.Split('=', 2);
                if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    throw new ArgumentException($"--dg {item}: expected NUMBER=FILE");
                }

                request.DataGroups.Add(new DataGroupContent { Number = number, Content = ByteString.CopyFrom(await File.ReadAllBytesAsync(parts[1])) });
            }

            if (parse.GetValue(validity) is { } days)
            {
                request.Validity = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromDays(days));
            }

            var response = await client.IssueDtcAsync(request, call);
            Print(response.Dtc);
            Console.WriteLine($"replayed {response.Replayed.ToString().ToLowerInvariant()}");
            if (parse.GetValue(output) is { } path)
            {
                await File.WriteAllBytesAsync(path, response.Dtc.ContentInfo.ToByteArray());
                Console.WriteLine($"written {path}");
            }

            return ExitCodes.Ok;
        });
    }

    private static Command VerifyCommand()
    {
        var common = Common("verify", "Verify a DER DTCContentInfo (structure, Passive Authentication, status)", sideEffects: false);
        var input = common.Option<string>("--in", "DER DTCContentInfo file", required: true);
        return common.Run(async (parse, client, call) =>
        {
            var request = new VerifyDtcRequest { ContentInfo = ByteString.CopyFrom(await File.ReadAllBytesAsync(parse.GetValue(input)!)) };
            var response = await client.VerifyDtcAsync(request, call);
            Console.WriteLine($"verdict {response.Verdict}");
            Console.WriteLine($"binding {response.Binding}");
            Console.WriteLine($"status {response.Status}");
            if (response.DtcId.Length > 0)
            {
                Console.WriteLine($"dtc-id {response.DtcId}");
            }

            if (response.DtcSignerCertificate is { } signer)
            {
                Console.WriteLine($"dtc-signer {signer.FingerprintSha256} {signer.Subject} ({signer.Status})");
            }

            foreach (var check in response.Checks)
            {
                Console.WriteLine($"  {check.Status,-6} {check.Name} {check.Reason} {check.Detail}".TrimEnd());
            }

            return response.Verdict is Verdict.Valid or Verdict.ValidWithWarnings ? ExitCodes.Ok : ExitCodes.Invalid;
        });
    }

    private static Command StatusCommand()
    {
        var common = Common("status", "Status of a DTC issued by this service", sideEffects: false);
        var id = common.Option<string>("--id", "dtc_id");
        var hash = common.Option<string>("--sha256", "SHA-256 of the DTCContentInfo, lowercase hex");
        return common.Run(async (parse, client, call) =>
        {
            var request = new GetDtcStatusRequest();
            if (parse.GetValue(id) is { } dtcId)
            {
                request.DtcId = dtcId;
            }
            else if (parse.GetValue(hash) is { } sha)
            {
                request.ContentInfoSha256 = sha;
            }
            else
            {
                throw new ArgumentException("give --id or --sha256");
            }

            Print((await client.GetDtcStatusAsync(request, call)).Dtc);
            return ExitCodes.Ok;
        });
    }

    private static Command RevokeCommand()
    {
        var common = Common("revoke", "Revoke a DTC");
        var id = common.Option<string>("--id", "dtc_id", required: true);
        var reason = common.Option<string>("--reason", "lost|stolen|superseded|fraud|holder-request|source-document-revoked");
        return common.Run(async (parse, client, call) =>
        {
            var request = new RevokeDtcRequest { RequestId = common.RequestId(parse), DtcId = parse.GetValue(id)!, Reason = ParseReason(parse.GetValue(reason)) };
            Print((await client.RevokeDtcAsync(request, call)).Dtc);
            return ExitCodes.Ok;
        });
    }

    private static DtcRevocationReason ParseReason(string? value) => value switch
    {
        null or "" => DtcRevocationReason.Unspecified,
        "lost" => DtcRevocationReason.Lost,
        "stolen" => DtcRevocationReason.Stolen,
        "superseded" => DtcRevocationReason.Superseded,
        "fraud" => DtcRevocationReason.Fraud,
        "holder-request" => DtcRevocationReason.HolderRequest,
        "source-document-revoked" => DtcRevocationReason.SourceDocumentRevoked,
        _ => throw new ArgumentException($"--reason {value}: unknown"),
    };

    private static DtcBinding ParseBinding(string? value) => value switch
    {
        null or "emrtd" => DtcBinding.EmrtdBound,
        "emrtd-pc" => DtcBinding.EmrtdPcBound,
        "pc" => DtcBinding.PcBound,
        _ => throw new ArgumentException($"--binding {value}: expected emrtd, emrtd-pc or pc"),
    };

    private static void Print(Contracts.Dtc.V1.Dtc dtc)
    {
        Console.WriteLine($"dtc-id {dtc.DtcId}");
        Console.WriteLine($"binding {dtc.Binding}");
        Console.WriteLine($"status {dtc.Status}");
        Console.WriteLine($"content-sha256 {dtc.ContentInfoSha256}");
        Console.WriteLine($"sod-sha256 {dtc.SecurityObjectSha256}");
        if (dtc.SignerCertificateSha256.Length > 0)
        {
            Console.WriteLine($"dtc-signer-sha256 {dtc.SignerCertificateSha256}");
        }

        Console.WriteLine($"issued-at {dtc.IssuedAt?.ToDateTimeOffset():O}");
        Console.WriteLine($"expires-at {dtc.ExpiresAt?.ToDateTimeOffset():O}");
        if (dtc.RevokedAt is not null)
        {
            Console.WriteLine($"revoked-at {dtc.RevokedAt.ToDateTimeOffset():O} ({dtc.RevocationReason})");
        }
    }

    private static ServerCommand<DtcService.DtcServiceClient> Common(string name, string description, bool sideEffects = true) =>
        new("dtc", invoker => new DtcService.DtcServiceClient(invoker), name, description, timeoutSeconds: 90, sideEffects: sideEffects);
}
