using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Credentials.Cli.Commands.Icao;
using Credentials.Icao9303;
using Credentials.Icao9303.PassiveAuthentication;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credctl verify --sod FILE --dg N=FILE ... --csca FILE ... [--crl FILE ...] [--mrz TEXT] [--at ISO-8601]
/// [--require-crl] [--dsc FILE] [--aa-challenge HEX --aa-signature HEX] [--json]</c>: offline Passive Authentication
/// (Doc 9303 Part 11 section 5.1). Exit 0 for VALID or VALID_WITH_WARNINGS, 1 for INVALID or INDETERMINATE,
/// 2 for usage or I/O errors (including unreadable trust material).
/// JSON: <c>verdict</c>, <c>checks: [{name, status, reason, detail}]</c>,
/// <c>dsc: {subject, issuer, serial, notBefore, notAfter, keyAlgorithm}</c>.
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
        var command = new Command("verify", "Passive Authentication of an eMRTD (EF.SOD, data groups, CSCA, CRL)");
        foreach (var option in new Option[] { sod, dg, csca, crl, dsc, mrz, at, requireCrl, aaChallenge, aaSignature, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) => await RunAsync(
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
    public static async Task<int> RunAsync(VerifyArguments arguments, TimeProvider clock, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(clock);
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
                cscas.AddRange(IcaoIo.DerObjects(await IcaoIo.ReadAsync(path, cancellationToken), "CERTIFICATE").Select(b => (ReadOnlyMemory<byte>)b));
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

            if (arguments.Json)
            {
                JsonOutput.Write(output, w => WriteJson(w, result, validationTime));
            }
            else
            {
                WriteText(output, result, validationTime);
            }

            return result.Verdict is PassiveAuthenticationVerdict.Valid or PassiveAuthenticationVerdict.ValidWithWarnings ? ExitCodes.Ok : ExitCodes.Invalid;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
        {
            var reason = ex is Icao9303FormatException f ? $" ({f.Reason})" : string.Empty;
            error.WriteLine($"cannot use {current}{reason}: {ex.Message}");
            return ExitCodes.UsageOrIoError;
        }
    }

    /// <summary>The JSON name of a verdict.</summary>
    public static string VerdictName(PassiveAuthenticationVerdict verdict) => verdict switch
    {
        PassiveAuthenticationVerdict.Valid => "VALID",
        PassiveAuthenticationVerdict.ValidWithWarnings => "VALID_WITH_WARNINGS",
        PassiveAuthenticationVerdict.Invalid => "INVALID",
        _ => "INDETERMINATE",
    };

    private static string StatusName(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "pass",
        CheckStatus.Fail => "fail",
        CheckStatus.Warn => "warn",
        _ => "skip",
    };

    private static void WriteJson(Utf8JsonWriter w, PassiveAuthenticationResult result, DateTimeOffset validationTime)
    {
        w.WriteStartObject();
        w.WriteString("verdict", VerdictName(result.Verdict));
        w.WriteString("validationTime", validationTime.ToString("O", CultureInfo.InvariantCulture));
        w.WriteStartArray("checks");
        foreach (var check in result.Checks)
        {
            w.WriteStartObject();
            w.WriteString("name", check.Name);
            w.WriteString("status", StatusName(check.Status));
            w.WriteString("reason", check.Reason);
            w.WriteString("detail", check.Detail);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (result.DocumentSigner is { } dsc)
        {
            w.WriteStartObject("dsc");
            w.WriteString("subject", dsc.SubjectName);
            w.WriteString("issuer", dsc.IssuerName);
            w.WriteString("serial", dsc.SerialNumberHex);
            w.WriteString("notBefore", dsc.NotBefore.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("notAfter", dsc.NotAfter.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("keyAlgorithm", result.DocumentSignerKeyAlgorithm);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("dsc");
        }

        w.WriteEndObject();
    }

    private static void WriteText(TextWriter output, PassiveAuthenticationResult result, DateTimeOffset validationTime)
    {
        output.WriteLine($"verdict: {VerdictName(result.Verdict)} (at {validationTime:u})");
        foreach (var check in result.Checks)
        {
            output.WriteLine($"  {StatusName(check.Status),-4} {check.Name,-24} {check.Reason,-32} {check.Detail}");
        }

        if (result.DocumentSigner is { } dsc)
        {
            output.WriteLine($"DSC: {dsc.SubjectName}");
            output.WriteLine($"  issuer {dsc.IssuerName}, serial {dsc.SerialNumberHex}, {dsc.NotBefore:u}..{dsc.NotAfter:u}, {result.DocumentSignerKeyAlgorithm}");
        }
    }
}
