using System.CommandLine;
using System.Globalization;
using Credentials.Cli.Commands.Icao;
using Credentials.Cli.Commands.Trust;
using Credentials.Cli.Connection;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Grpc;
using Credentials.Icao9303;
using Credentials.Icao9303.PassiveAuthentication;
using Google.Protobuf;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;
using Grpc.Core;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credctl verify --sod FILE --dg N=FILE ... --csca FILE ... [--crl FILE ...] [--mrz TEXT] [--at ISO-8601]
/// [--require-crl] [--dsc FILE] [--aa-challenge HEX --aa-signature HEX] [--json]</c>: offline Passive Authentication
/// (Doc 9303 Part 11 section 5.1). Exit 0 for VALID or VALID_WITH_WARNINGS, 1 for INVALID or INDETERMINATE,
/// 2 for usage or I/O errors (including unreadable trust material).
/// JSON: <c>verdict</c>, <c>checks: [{name, status, reason, detail}]</c>,
/// <c>dsc: {subject, issuer, serial, notBefore, notAfter, keyAlgorithm}</c>.
/// <para>
/// With <c>--server HOST:PORT</c> (and the mTLS flags <c>--ca --cert --key</c>) the same inputs are sent to
/// trust-anchor's VerifyDocument and the server's trust store decides (so <c>--csca</c>, <c>--crl</c> and
/// <c>--dsc</c> are refused); the output has the same shape with the server's reason codes, the exit codes are the
/// same, and a refused or failed call (unreachable, deadline, InvalidArgument) exits 2.
/// </para>
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var sod = new Option<string>("--sod") { Description = "EF.SOD file (as read from the chip)", Required = true };
        var dg = new Option<string[]>("--dg") { Description = "data group N=FILE (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var csca = new Option<string[]>("--csca") { Description = "CSCA or link certificate, DER or PEM bundle (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var crl = new Option<string[]>("--crl") { Description = "CRL, DER or PEM (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var dsc = new Option<string?>("--dsc") { Description = "Document Signer certificate when it is not embedded in the SOD" };
        var mrz = new Option<string?>("--mrz") { Description = "printed MRZ, lines separated by a newline or the two characters \\n" };
        var at = new Option<string?>("--at") { Description = "validation time, ISO 8601 (default: now)" };
        var requireCrl = new Option<bool>("--require-crl") { Description = "a missing or stale CRL makes the verdict INDETERMINATE" };
        var aaChallenge = new Option<string?>("--aa-challenge") { Description = "Active Authentication challenge (hex)" };
        var aaSignature = new Option<string?>("--aa-signature") { Description = "Active Authentication response (hex)" };
        var json = new Option<bool>("--json") { Description = "print the result as JSON" };
        var server = new Option<string?>("--server") { Description = "verify with trust-anchor's VerifyDocument at HOST:PORT (its trust store decides)" };
        var timeout = new Option<int>("--timeout-seconds") { Description = "deadline of the server call", DefaultValueFactory = _ => 30 };
        var tls = new TlsArguments();
        var command = new Command("verify", "Passive Authentication of an eMRTD (EF.SOD, data groups, CSCA, CRL), offline or with --server");
        foreach (var option in new Option[] { sod, dg, csca, crl, dsc, mrz, at, requireCrl, aaChallenge, aaSignature, json, server, timeout })
        {
            command.Options.Add(option);
        }

        tls.AddTo(command);

        command.SetAction(async (parse, cancellationToken) => await RunAsync(
            parse.GetValue(server) is { } endpoint ? new VerifyServer(endpoint, () => tls.Load(parse), TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout)))) : null,
            new VerifyArguments
            {
                Sod = parse.GetValue(sod)!,
                DataGroups = parse.GetValue(dg) ?? [],
                Cscas = parse.GetValue(csca) ?? [],
                Crls = parse.GetValue(crl) ?? [],
                Dsc = parse.GetValue(dsc),
                Mrz = parse.GetValue(mrz),
                At = parse.GetValue(at),
                RequireCrl = parse.GetValue(requireCrl),
                AaChallenge = parse.GetValue(aaChallenge),
                AaSignature = parse.GetValue(aaSignature),
                Json = parse.GetValue(json),
            },
            TimeProvider.System,
            Console.Out,
            Console.Error,
            cancellationToken));
        return command;
    }

    /// <summary>The command's logic; returns the exit code.</summary>
    public static Task<int> RunAsync(VerifyArguments arguments, TimeProvider clock, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        RunAsync(null, arguments, clock, output, error, cancellationToken);

    /// <summary>The command's logic, offline or (when <paramref name="server"/> is set) through trust-anchor; returns the exit code.</summary>
    public static async Task<int> RunAsync(VerifyServer? server, VerifyArguments arguments, TimeProvider clock, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(clock);
        if (server is not null && (arguments.Cscas.Count > 0 || arguments.Crls.Count > 0 || arguments.Dsc is not null))
        {
            error.WriteLine("--csca, --crl and --dsc are offline inputs: with --server the server's trust store is used");
            return ExitCodes.UsageOrIoError;
        }

        DateTimeOffset validationTime;
        if (arguments.At is { } text)
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out validationTime))
            {
                error.WriteLine($"--at '{text}' is not an ISO 8601 date or time");
                return ExitCodes.UsageOrIoError;
            }
        }
        else
        {
            validationTime = clock.GetUtcNow();
        }

        var current = arguments.Sod;
        try
        {
            var sodBytes = await IcaoIo.ReadAsync(arguments.Sod, cancellationToken);
            var dataGroups = new Dictionary<int, ReadOnlyMemory<byte>>();
            foreach (var spec in arguments.DataGroups)
            {
                var separator = spec.IndexOf('=', StringComparison.Ordinal);
                if (separator <= 0 || !int.TryParse(spec.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 16)
                {
                    error.WriteLine($"--dg '{spec}' is not N=FILE with N in 1..16");
                    return ExitCodes.UsageOrIoError;
                }

                if (dataGroups.ContainsKey(number))
                {
                    error.WriteLine($"--dg {number} is given twice");
                    return ExitCodes.UsageOrIoError;
                }

                current = spec[(separator + 1)..];
                dataGroups[number] = await IcaoIo.ReadAsync(current, cancellationToken);
            }

            var cscas = new List<ReadOnlyMemory<byte>>();
            foreach (var path in arguments.Cscas)
            {
                current = path;
                cscas.AddRange((await CertificateBundles.ReadAsync(path, requireSupportedKey: true, error, cancellationToken)).Certificates.Select(c => c.Encoded));
            }

            var crls = new List<ReadOnlyMemory<byte>>();
            foreach (var path in arguments.Crls)
            {
                current = path;
                crls.AddRange(IcaoIo.DerObjects(await IcaoIo.ReadAsync(path, cancellationToken), "X509 CRL").Select(b => (ReadOnlyMemory<byte>)b));
            }

            ReadOnlyMemory<byte>? dscBytes = null;
            if (arguments.Dsc is { } dscPath)
            {
                current = dscPath;
                dscBytes = IcaoIo.DerObjects(await IcaoIo.ReadAsync(dscPath, cancellationToken), "CERTIFICATE")[0];
            }

            byte[]? challenge = null;
            byte[]? signature = null;
            if (arguments.AaChallenge is not null || arguments.AaSignature is not null)
            {
                if (arguments.AaChallenge is null || arguments.AaSignature is null)
                {
                    error.WriteLine("--aa-challenge and --aa-signature go together");
                    return ExitCodes.UsageOrIoError;
                }

                current = "--aa-challenge/--aa-signature";
                challenge = Convert.FromHexString(arguments.AaChallenge);
                signature = Convert.FromHexString(arguments.AaSignature);
            }

            if (server is not null)
            {
                current = server.Endpoint;
                return await RunOnServerAsync(server, arguments, sodBytes, dataGroups, challenge, signature, validationTime, output, error, cancellationToken);
            }

            current = "trust material";
            using var store = new PassiveAuthenticationTrustStore(cscas, crls);
            using var authenticator = new PassiveAuthenticator(store, new PassiveAuthenticationPolicy { RequireCrl = arguments.RequireCrl });
            var result = authenticator.Verify(new PassiveAuthenticationRequest
            {
                EfSod = sodBytes,
                DataGroups = dataGroups,
                ValidationTime = validationTime,
                DocumentSignerCertificate = dscBytes,
                PrintedMrz = arguments.Mrz,
                ActiveAuthenticationChallenge = challenge is null ? null : new ReadOnlyMemory<byte>(challenge),
                ActiveAuthenticationSignature = signature is null ? null : new ReadOnlyMemory<byte>(signature),
            });

            return VerifyReport.From(result, validationTime).Print(arguments.Json, output);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
        {
            var reason = ex is Icao9303FormatException f ? $" ({f.Reason})" : string.Empty;
            error.WriteLine($"cannot use {current}{reason}: {ex.Message}");
            return ExitCodes.UsageOrIoError;
        }
    }

    private static async Task<int> RunOnServerAsync(
        VerifyServer server, VerifyArguments arguments, byte[] sod, Dictionary<int, ReadOnlyMemory<byte>> dataGroups, byte[]? challenge, byte[]? signature,
        DateTimeOffset validationTime, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var request = new VerifyDocumentRequest
        {
            SecurityObject = ByteString.CopyFrom(sod),
            PrintedMrz = arguments.Mrz?.Replace("\\n", "\n", StringComparison.Ordinal) ?? string.Empty,
            ValidationTime = Timestamp.FromDateTimeOffset(validationTime),
            Policy = new VerificationPolicy { RequireCrl = arguments.RequireCrl },
        };
        foreach (var (number, content) in dataGroups.OrderBy(p => p.Key))
        {
            request.DataGroups.Add(new DataGroupContent { Number = number, Content = ByteString.CopyFrom(content.Span) });
        }

        if (challenge is not null && signature is not null)
        {
            request.ActiveAuthentication = new ActiveAuthentication { Challenge = ByteString.CopyFrom(challenge), Signature = ByteString.CopyFrom(signature) };
        }

        if (await server.CallAsync((client, call) => client.VerifyDocumentAsync(request, call).ResponseAsync, error, cancellationToken) is not { } response)
        {
            return ExitCodes.UsageOrIoError;
        }

        return VerifyReport.From(response, response.ValidatedAt?.ToDateTimeOffset() ?? validationTime).Print(arguments.Json, output);
    }
}
