using System.CommandLine;
using System.Security.Cryptography;
using Credentials.Cli.Commands.Trust;
using Credentials.Cli.Connection;
using Credentials.Icao9303;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Pkd;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credctl masterlist verify FILE [--trust FILE ...] [--json]</c> and <c>credctl masterlist extract FILE --out DIR</c>:
/// CSCA Master Lists (Doc 9303 Part 12 §9). <c>verify</c> exits 0 only when the CMS signature is valid and the Master
/// List Signer chains to a trusted CSCA (one given with <c>--trust</c>, or without it a CSCA of the signer's State inside
/// the list); 1 when the list is invalid; 2 when a file cannot be read.
/// </summary>
internal static class MasterListCommand
{
    public static Command Create()
    {
        var command = new Command("masterlist", "Verify CSCA Master Lists and extract their CSCA certificates");
        command.Subcommands.Add(CreateVerify());
        command.Subcommands.Add(CreateExtract());
        return command;
    }

    private static Command CreateVerify()
    {
        var file = new Argument<string>("FILE") { Description = "Master List (CMS SignedData, DER)" };
        var trust = new Option<string[]>("--trust") { Description = "trusted CSCA certificate (DER or PEM bundle); repeatable", AllowMultipleArgumentsPerToken = false };
        var json = new Option<bool>("--json") { Description = "print the result as JSON" };
        var command = new Command("verify", "Verify a CSCA Master List's signature and signer chain");
        command.Arguments.Add(file);
        command.Options.Add(trust);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            byte[] bytes;
            var anchors = new List<ReadOnlyMemory<byte>>();
            var current = path;
            // A large list (thousands of entries) takes a while: counts on a terminal's stderr, nothing when piped.
            using var progress = TerminalProgress.ForStandardError();
            try
            {
                bytes = await TrustIo.ReadAsync(path, cancellationToken);
                foreach (var anchor in parse.GetValue(trust) ?? [])
                {
                    current = anchor;
                    progress.Report($"reading trust anchors {anchor} ({anchors.Count} so far)");
                    anchors.AddRange((await CertificateBundles.ReadAsync(anchor, requireSupportedKey: true, Console.Error, cancellationToken)).Certificates.Select(c => c.Encoded));
                }
            }
            catch (Exception ex) when (TrustIo.IsIoException(ex))
            {
                return TrustIo.IoError(current, ex);
            }
            catch (Icao9303FormatException ex)
            {
                Console.Error.WriteLine($"cannot use {current} ({ex.Reason}): {ex.Message}");
                return ExitCodes.UsageOrIoError;
            }

            var result = SignedListVerifier.VerifyMasterList(bytes, anchors, new ProgressLine(progress, path));
            progress.Dispose();
            var list = result.MasterList;
            if (parse.GetValue(json))
            {
                TrustIo.WriteJson(new
                {
                    file = path,
                    valid = result.IsValid,
                    signatureValid = result.SignatureValid,
                    signerChained = result.SignerChained,
                    signerSubject = result.SignerCertificate?.SubjectName,
                    issuerSubject = result.IssuerCertificate?.SubjectName,
                    issuerSource = result.IssuerSource,
                    cscaCount = list?.Certificates.Count ?? 0,
                    entries = list?.TotalEntries ?? 0,
                    duplicatesRemoved = list?.DuplicatesRemoved ?? 0,
                    countries = list?.Countries ?? [],
                    skipped = CertificateBundles.ToJson(list?.Skipped ?? []),
                    reason = result.FailureReason,
                    detail = result.FailureDetail,
                    warnings = result.Warnings,
                });
            }
            else
            {
                Console.WriteLine($"{(result.IsValid ? "VALID" : "INVALID")}  {path}");
                Console.WriteLine($"  signature      {(result.SignatureValid ? "valid" : "not valid")}");
                Console.WriteLine($"  signer         {result.SignerCertificate?.SubjectName ?? "-"}");
                Console.WriteLine($"  chained to     {(result.IssuerCertificate is { } issuer ? $"{issuer.SubjectName} (serial {issuer.SerialNumberHex}, from {result.IssuerSource})" : "-")}");
                if (list is not null)
                {
                    Console.WriteLine($"  CSCAs          {list.Certificates.Count} ({list.TotalEntries} entries, {list.DuplicatesRemoved} duplicates, {list.Skipped.Count} skipped) from {list.Countries.Count} States");
                    CertificateBundles.WriteSkipped(Console.Out, list.Skipped);
                }

                if (!result.IsValid)
                {
                    Console.WriteLine($"  reason         {result.FailureReason}: {result.FailureDetail}");
                }

                foreach (var warning in result.Warnings)
                {
                    Console.WriteLine($"  warning        {warning}");
                }
            }

            return result.IsValid ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }

    private static Command CreateExtract()
    {
        var file = new Argument<string>("FILE") { Description = "Master List (CMS SignedData, DER)" };
        var output = new Option<string>("--out") { Description = "directory to write one DER file per CSCA", Required = true };
        var force = new Option<bool>("--force") { Description = "extract even when the list does not verify" };
        var command = new Command("extract", "Write every CSCA certificate of a Master List to a directory");
        command.Arguments.Add(file);
        command.Options.Add(output);
        command.Options.Add(force);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var directory = parse.GetValue(output)!;
            byte[] bytes;
            try
            {
                bytes = await TrustIo.ReadAsync(path, cancellationToken);
            }
            catch (Exception ex) when (TrustIo.IsIoException(ex))
            {
                return TrustIo.IoError(path, ex);
            }

            var result = SignedListVerifier.VerifyMasterList(bytes);
            if (result.MasterList is not { } list || (!result.IsValid && !parse.GetValue(force)))
            {
                Console.Error.WriteLine($"not extracting: {result.FailureReason}: {result.FailureDetail} (use --force to extract from an unverified list)");
                return ExitCodes.Invalid;
            }

            try
            {
                Directory.CreateDirectory(directory);
                foreach (var certificate in list.Certificates)
                {
                    var name = FileNameFor(certificate);
                    await File.WriteAllBytesAsync(Path.Combine(directory, name), certificate.Encoded.ToArray(), cancellationToken);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"cannot write to {directory}: {ex.Message}");
                return ExitCodes.UsageOrIoError;
            }

            Console.WriteLine($"{list.Certificates.Count} CSCA certificates written to {directory} ({list.Skipped.Count} skipped, {list.DuplicatesRemoved} duplicates){(result.IsValid ? string.Empty : " — list NOT verified: " + result.FailureReason)}");
            CertificateBundles.WriteSkipped(Console.Out, list.Skipped);

            return result.IsValid ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }

    /// <summary><c>CC_serial_fingerprint8.cer</c>: stable, unique, and sortable by State.</summary>
    private static string FileNameFor(X509CertificateParts certificate)
    {
        var country = CscaMasterList.CountryOf(certificate) ?? "XX";
        var serial = certificate.SerialNumberHex;
        if (serial.Length > 40)
        {
            serial = serial[..40];
        }

        var fingerprint = Convert.ToHexString(SHA256.HashData(certificate.Encoded.Span))[..16];
        var safeCountry = new string(country.Where(char.IsAsciiLetterOrDigit).ToArray());
        return $"{(safeCountry.Length == 0 ? "XX" : safeCountry)}_{serial}_{fingerprint}.cer";
    }

    /// <summary>Shows the verifier's stages on the one progress line (see <see cref="TerminalProgress"/>).</summary>
    private sealed class ProgressLine(TerminalProgress line, string path) : IProgress<SignedListProgress>
    {
        public void Report(SignedListProgress value) => line.Report(value.Stage switch
        {
            SignedListProgress.Decoding => $"{path}: decoding certificates {value.Done}/{value.Total}",
            SignedListProgress.Signature => $"{path}: verifying the signature",
            _ => $"{path}: chaining the signer ({value.Total} candidate CSCAs)",
        });
    }
}
