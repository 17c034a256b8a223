// Over ~400 lines on purpose: the four `credctl seal` subcommands (render, dump, verify offline and on trust-anchor)
// share one seal reader (bytes, text or barcode picture) and one report format; `issue` lives in SealIssueCommand.
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Credentials.Cli.Commands.Icao;
using Credentials.Cli.Connection;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Grpc;
using Credentials.Icao9303;
using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Icao9303.Vds;
using Credentials.Icao9303.Vds.Idb;
using Google.Protobuf;
using Grpc.Core;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credctl seal issue</c> has document-signer sign a seal (<see cref="SealIssueCommand"/>).
/// <c>credctl seal render --seal FILE --out PNG [--module-size N]</c> prints a seal as its barcode (DataMatrix for a VDS,
/// QR for a VDS-NC). Every command reading a seal also takes a barcode picture (PNG/JPEG) and reads the seal from it.
/// <c>credctl seal dump FILE [--json]</c> decodes a Visible Digital Seal (Doc 9303 Part 13, binary) or a VDS-NC (JSON)
/// and prints its header, features or message and signature (exit 0 when it decodes, 1 when malformed, 2 when
/// unreadable). <c>credctl seal verify --seal FILE [--signer FILE ...] --csca FILE ... [--crl FILE ...] [--at ISO-8601]
/// [--require-crl] [--json]</c> verifies it offline; with <c>--server HOST:PORT</c> (and <c>--ca --cert --key</c>)
/// trust-anchor's VerifySeal decides with its store. Exit codes as <c>credctl verify</c>.
/// </summary>
internal static class SealCommand
{
    public static Command Create()
    {
        var command = new Command("seal", "Visible Digital Seals (Doc 9303 Part 13) and VDS-NC: issue, dump, verify, render");
        command.Subcommands.Add(SealIssueCommand.Create());
        command.Subcommands.Add(Dump());
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Render());
        return command;
    }

    /// <summary>The render logic; returns the exit code.</summary>
    public static async Task<int> RenderAsync(string sealPath, string outPath, int moduleSize, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var seal = await ReadSealAsync(sealPath, cancellationToken);
            var png = Barcodes.SealBarcode.RenderPng(seal, moduleSize);
            await File.WriteAllBytesAsync(outPath, png, cancellationToken);
            output.WriteLine($"{(SealVerifier.DetectFormat(seal) == Icao9303.Vds.SealFormat.Vds ? "DataMatrix" : "QR code")} of {seal.Length} bytes written to {outPath} ({png.Length} bytes PNG)");
            return ExitCodes.Ok;
        }
        catch (Icao9303FormatException ex)
        {
            error.WriteLine($"cannot render {sealPath} ({ex.Reason}): {ex.Message}");
            return ExitCodes.Invalid;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            error.WriteLine($"cannot render {sealPath}: {ex.Message}");
            return ExitCodes.UsageOrIoError;
        }
    }

    /// <summary>Reads a seal file; a PNG or JPEG picture is read as a barcode.</summary>
    private static async Task<byte[]> ReadSealAsync(string path, CancellationToken cancellationToken)
    {
        return FromPicture(await IcaoIo.ReadAsync(path, cancellationToken));
    }

    /// <summary>The seal in <paramref name="bytes"/>, read from the barcode when they are a PNG or JPEG picture.</summary>
    private static byte[] FromPicture(byte[] bytes)
    {
        var picture = bytes.AsSpan().StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47]) || bytes.AsSpan().StartsWith((byte[])[0xFF, 0xD8, 0xFF]);
        return picture ? Barcodes.SealBarcode.Read(bytes) : bytes;
    }

    private static Command Render()
    {
        var seal = new Option<string>("--seal") { Description = "seal file: VDS bytes, VDS-NC JSON or IDB text", Required = true };
        var output = new Option<string>("--out") { Description = "PNG file to write", Required = true };
        var moduleSize = new Option<int>("--module-size") { Description = "pixels per barcode module (1..32)", DefaultValueFactory = _ => 4 };
        var render = new Command("render", "Write a seal as a barcode PNG (DataMatrix for a VDS, QR for a VDS-NC or an IDB)");
        render.Options.Add(seal);
        render.Options.Add(output);
        render.Options.Add(moduleSize);
        render.SetAction(async (parse, cancellationToken) => await RenderAsync(
            parse.GetValue(seal)!, parse.GetValue(output)!, parse.GetValue(moduleSize), Console.Out, Console.Error, cancellationToken));
        return render;
    }

    /// <summary>The dump logic; returns the exit code.</summary>
    public static async Task<int> DumpAsync(string path, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await IcaoIo.ReadAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"cannot read {path}: {ex.Message}");
            return ExitCodes.UsageOrIoError;
        }

        try
        {
            bytes = FromPicture(bytes);
            switch (SealVerifier.DetectFormat(bytes))
            {
                case Icao9303.Vds.SealFormat.Vds:
                    WriteVds(VisibleDigitalSeal.Decode(bytes), json, output);
                    return ExitCodes.Ok;
                case Icao9303.Vds.SealFormat.VdsNc:
                    WriteVdsNc(VdsNcSeal.Decode(bytes), json, output);
                    return ExitCodes.Ok;
                case Icao9303.Vds.SealFormat.Idb:
                    WriteIdb(IdbBarcode.Decode(bytes), json, output);
                    return ExitCodes.Ok;
                default:
                    throw new Icao9303FormatException("seal.format-unknown", "Neither a VDS (0xDC), a VDS-NC (JSON object) nor an IDB (RDB1/NDB1).");
            }
        }
        catch (Icao9303FormatException ex)
        {
            if (json)
            {
                JsonOutput.Write(output, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("error", ex.Reason);
                    w.WriteString("detail", ex.Message);
                    w.WriteEndObject();
                });
            }
            else
            {
                output.WriteLine($"malformed ({ex.Reason}): {ex.Message}");
            }

            return ExitCodes.Invalid;
        }
    }

    /// <summary>The verify logic, offline or (when <paramref name="server"/> is set) through trust-anchor; returns the exit code.</summary>
    public static async Task<int> VerifyAsync(
        VerifyServer? server, SealVerifyArguments arguments, TimeProvider clock, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(clock);
        if (server is not null && (arguments.Cscas.Count > 0 || arguments.Crls.Count > 0))
        {
            error.WriteLine("--csca and --crl are offline inputs: with --server the server's trust store is used");
            return ExitCodes.UsageOrIoError;
        }

        var validationTime = clock.GetUtcNow();
        if (arguments.At is { } text && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out validationTime))
        {
            error.WriteLine($"--at '{text}' is not an ISO 8601 date or time");
            return ExitCodes.UsageOrIoError;
        }

        var current = arguments.Seal;
        try
        {
            var seal = await ReadSealAsync(arguments.Seal, cancellationToken);
            var signers = new List<ReadOnlyMemory<byte>>();
            foreach (var path in arguments.Signers)
            {
                current = path;
                signers.AddRange(IcaoIo.DerObjects(await IcaoIo.ReadAsync(path, cancellationToken), "CERTIFICATE").Select(b => (ReadOnlyMemory<byte>)b));
            }

            if (server is not null)
            {
                current = server.Endpoint;
                return await VerifyOnServerAsync(server, seal, signers, validationTime, arguments, output, error, cancellationToken);
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

            current = "trust material";
            using var store = new PassiveAuthenticationTrustStore(cscas, crls);
            using var verifier = new SealVerifier(store, new PassiveAuthenticationPolicy { RequireCrl = arguments.RequireCrl });
            var result = verifier.Verify(new SealVerificationRequest
            {
                Seal = seal,
                SignerCertificates = signers,
                ValidationTime = validationTime,
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

    private static Command Dump()
    {
        var file = new Argument<string>("FILE") { Description = "seal file: VDS bytes, VDS-NC JSON, IDB text, or a PNG/JPEG of its barcode" };
        var json = new Option<bool>("--json") { Description = "print the result as JSON" };
        var dump = new Command("dump", "Decode and print a VDS, VDS-NC or IDB");
        dump.Arguments.Add(file);
        dump.Options.Add(json);
        dump.SetAction(async (parse, cancellationToken) => await DumpAsync(parse.GetValue(file)!, parse.GetValue(json), Console.Out, Console.Error, cancellationToken));
        return dump;
    }

    private static Command Verify()
    {
        var seal = new Option<string>("--seal") { Description = "seal file: VDS bytes, VDS-NC JSON, IDB text, or a PNG/JPEG of its barcode", Required = true };
        var signer = new Option<string[]>("--signer") { Description = "seal signer certificate for a VDS or an IDB without embedded signer, DER or PEM (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var csca = new Option<string[]>("--csca") { Description = "CSCA or link certificate, DER or PEM bundle (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var crl = new Option<string[]>("--crl") { Description = "CRL, DER or PEM (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var at = new Option<string?>("--at") { Description = "validation time, ISO 8601 (default: now)" };
        var requireCrl = new Option<bool>("--require-crl") { Description = "a missing or stale CRL makes the verdict INDETERMINATE" };
        var json = new Option<bool>("--json") { Description = "print the result as JSON" };
        var server = new Option<string?>("--server") { Description = "verify with trust-anchor's VerifySeal at HOST:PORT (its trust store decides)" };
        var timeout = new Option<int>("--timeout-seconds") { Description = "deadline of the server call", DefaultValueFactory = _ => 30 };
        var tls = new TlsArguments();
        var command = new Command("verify", "Verify a VDS, VDS-NC or IDB: signature, seal-signer role, path to the CSCA, CRL");
        foreach (var option in new Option[] { seal, signer, csca, crl, at, requireCrl, json, server, timeout })
        {
            command.Options.Add(option);
        }

        tls.AddTo(command);
        command.SetAction(async (parse, cancellationToken) => await VerifyAsync(
            parse.GetValue(server) is { } endpoint ? new VerifyServer(endpoint, () => tls.Load(parse), TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout)))) : null,
            new SealVerifyArguments
            {
                Seal = parse.GetValue(seal)!,
                Signers = parse.GetValue(signer) ?? [],
                Cscas = parse.GetValue(csca) ?? [],
                Crls = parse.GetValue(crl) ?? [],
                At = parse.GetValue(at),
                RequireCrl = parse.GetValue(requireCrl),
                Json = parse.GetValue(json),
            },
            TimeProvider.System,
            Console.Out,
            Console.Error,
            cancellationToken));
        return command;
    }

    private static async Task<int> VerifyOnServerAsync(
        VerifyServer server, byte[] seal, List<ReadOnlyMemory<byte>> signers, DateTimeOffset validationTime, SealVerifyArguments arguments,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var request = new VerifySealRequest
        {
            Seal = ByteString.CopyFrom(seal),
            ValidationTime = Timestamp.FromDateTimeOffset(validationTime),
            Policy = new VerificationPolicy { RequireCrl = arguments.RequireCrl },
        };
        request.SignerCertificates.AddRange(signers.Select(s => ByteString.CopyFrom(s.Span)));
        if (await server.CallAsync((client, call) => client.VerifySealAsync(request, call).ResponseAsync, error, cancellationToken) is not { } response)
        {
            return ExitCodes.UsageOrIoError;
        }

        return VerifyReport.From(response, response.ValidatedAt?.ToDateTimeOffset() ?? validationTime).Print(arguments.Json, output);
    }

    private static void WriteVds(VisibleDigitalSeal seal, bool json, TextWriter output)
    {
        var header = seal.Header;
        var profile = VdsDocumentProfile.Find(header);
        if (json)
        {
            JsonOutput.Write(output, w =>
            {
                w.WriteStartObject();
                w.WriteString("format", "VDS");
                w.WriteNumber("version", header.Version == VdsHeaderVersion.Version3 ? 3 : 4);
                w.WriteString("issuingCountry", header.IssuingCountry);
                w.WriteString("signerIdentifier", header.SignerIdentifier);
                w.WriteString("certificateReference", header.CertificateReference);
                w.WriteString("documentIssueDate", header.DocumentIssueDate.ToString("O", CultureInfo.InvariantCulture));
                w.WriteString("signatureCreationDate", header.SignatureCreationDate.ToString("O", CultureInfo.InvariantCulture));
                w.WriteString("featureDefinitionReference", $"{header.DocumentFeatureDefinitionReference:X2}");
                w.WriteString("documentTypeCategory", $"{header.DocumentTypeCategory:X2}");
                w.WriteString("profile", profile?.Name);
                w.WriteStartArray("features");
                foreach (var feature in seal.Features)
                {
                    var definition = profile?.Definition(feature.Tag);
                    w.WriteStartObject();
                    w.WriteString("tag", $"{feature.Tag:X2}");
                    w.WriteString("name", definition?.Name);
                    w.WriteString("hex", Convert.ToHexString(feature.Value.Span));
                    w.WriteString("text", Text(feature, definition));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteString("signature", Convert.ToHexString(seal.Signature.Span));
                w.WriteEndObject();
            });
            return;
        }

        output.WriteLine($"VDS v{(header.Version == VdsHeaderVersion.Version3 ? 3 : 4)}, issuing country {header.IssuingCountry}, signer {header.SignerIdentifier} reference {header.CertificateReference}");
        output.WriteLine($"  issued {header.DocumentIssueDate:O}, signed {header.SignatureCreationDate:O}, feature definition 0x{header.DocumentFeatureDefinitionReference:X2} category 0x{header.DocumentTypeCategory:X2} ({profile?.Name ?? "unknown profile"})");
        foreach (var feature in seal.Features)
        {
            var definition = profile?.Definition(feature.Tag);
            output.WriteLine($"  0x{feature.Tag:X2} {definition?.Name ?? "?",-20} {Text(feature, definition) ?? Convert.ToHexString(feature.Value.Span)}");
        }

        output.WriteLine($"  signature ({seal.Signature.Length} bytes) {Convert.ToHexString(seal.Signature.Span)}");
    }

    private static void WriteVdsNc(VdsNcSeal seal, bool json, TextWriter output)
    {
        if (json)
        {
            JsonOutput.Write(output, w =>
            {
                w.WriteStartObject();
                w.WriteString("format", "VDS-NC");
                w.WriteString("type", seal.Header.Type);
                w.WriteNumber("version", seal.Header.Version);
                w.WriteString("issuingCountry", seal.Header.IssuingCountry);
                w.WritePropertyName("message");
                seal.Message.WriteTo(w);
                w.WriteString("algorithm", seal.Algorithm);
                w.WriteString("signerCertificateSha256", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(seal.SignerCertificate.Span)));
                w.WriteString("signature", Convert.ToHexString(seal.SignatureValue.Span));
                w.WriteEndObject();
            });
            return;
        }

        output.WriteLine($"VDS-NC {seal.Header.Type} v{seal.Header.Version}, issuing country {seal.Header.IssuingCountry}, {seal.Algorithm}");
        output.WriteLine($"  message {seal.Message.GetRawText()}");
        output.WriteLine($"  canonical data {seal.SignedData.Length} bytes, signer certificate {seal.SignerCertificate.Length} bytes, signature {Convert.ToHexString(seal.SignatureValue.Span)}");
    }

    private static void WriteIdb(IdbBarcode barcode, bool json, TextWriter output)
    {
        var header = barcode.Header;
        if (json)
        {
            JsonOutput.Write(output, w =>
            {
                w.WriteStartObject();
                w.WriteString("format", "IDB");
                w.WriteString("barcodeIdentifier", barcode.Identifier);
                w.WriteBoolean("signed", barcode.IsSigned);
                w.WriteBoolean("compressed", barcode.IsCompressed);
                w.WriteString("countryIdentifier", header.CountryIdentifier);
                if (barcode.IsSigned)
                {
                    w.WriteString("signatureAlgorithm", header.SignatureAlgorithm.ToString());
                    w.WriteString("certificateReference", Convert.ToHexString(header.CertificateReference.Span));
                    w.WriteString("signatureCreationDate", header.SignatureCreationDate!.Value.ToString("O", CultureInfo.InvariantCulture));
                    w.WriteString("dateEncoding", header.DateEncoding.ToString());
                }

                w.WriteStartArray("messages");
                foreach (var message in barcode.Messages)
                {
                    var type = IdbMessageType.Find(message.Tag, header.CountryIdentifier);
                    w.WriteStartObject();
                    w.WriteString("tag", $"{message.Tag:X2}");
                    w.WriteString("name", type?.Name);
                    w.WriteString("hex", Convert.ToHexString(message.Value.Span));
                    w.WriteString("text", IdbText(message, type));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (!barcode.SignerCertificate.IsEmpty)
                {
                    w.WriteString("signerCertificateSha256", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(barcode.SignerCertificate.Span)));
                }

                w.WriteString("signature", Convert.ToHexString(barcode.Signature.Span));
                w.WriteEndObject();
            });
            return;
        }

        output.WriteLine($"IDB {barcode.Identifier}, country {header.CountryIdentifier}, {(barcode.IsSigned ? "signed" : "unsigned")}{(barcode.IsCompressed ? ", compressed" : string.Empty)}");
        if (barcode.IsSigned)
        {
            output.WriteLine($"  {header.SignatureAlgorithm}, certificate reference {Convert.ToHexString(header.CertificateReference.Span)}, signed {header.SignatureCreationDate:O}{(header.DateEncoding == IdbSignatureDateEncoding.MaskedFourBytes ? " (12-byte header with date mask)" : string.Empty)}");
        }

        foreach (var message in barcode.Messages)
        {
            var type = IdbMessageType.Find(message.Tag, header.CountryIdentifier);
            output.WriteLine($"  0x{message.Tag:X2} {type?.Name ?? "?",-28} {IdbText(message, type) ?? Convert.ToHexString(message.Value.Span)}");
        }

        if (!barcode.SignerCertificate.IsEmpty)
        {
            output.WriteLine($"  signer certificate {barcode.SignerCertificate.Length} bytes");
        }

        if (barcode.IsSigned)
        {
            output.WriteLine($"  signature ({barcode.Signature.Length} bytes) {Convert.ToHexString(barcode.Signature.Span)}");
        }
    }

    /// <summary>The C40 text of a message whose type is C40-coded (MRZs, CAN, German references), else null.</summary>
    private static string? IdbText(IdbMessage message, IdbMessageType? type)
    {
        if (type?.Coding is not (VdsFeatureCoding.C40 or VdsFeatureCoding.Mrz))
        {
            return null;
        }

        try
        {
            return message.ValueAsC40();
        }
        catch (Icao9303FormatException)
        {
            return null;
        }
    }

    private static string? Text(VdsFeature feature, VdsFeatureDefinition? definition)
    {
        try
        {
            return definition?.Coding switch
            {
                VdsFeatureCoding.C40 or VdsFeatureCoding.Mrz => feature.ValueAsC40(),
                VdsFeatureCoding.Utf8 => Encoding.UTF8.GetString(feature.Value.Span),
                _ => null,
            };
        }
        catch (Icao9303FormatException)
        {
            return null;
        }
    }
}
